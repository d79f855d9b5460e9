package io.rtm.core.internal;

import io.rtm.core.error.RtmException;
import io.rtm.core.error.RtmServiceException;
import io.rtm.core.spi.HttpRequest;
import io.rtm.core.spi.HttpResponse;
import io.rtm.core.spi.ServiceReply;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** Turns a non-2xx HTTP response into the typed {@link RtmException} for its status, its text scrubbed of credentials. */
final class ResponseMapper {

    private static final int MAX_DETAIL = 300;

    private ResponseMapper() {
    }

    /** Whether the status is a success (2xx). */
    static boolean isSuccess(int status) {
        return status >= 200 && status < 300;
    }

    /** The typed error for a non-2xx response (nothing to scrub). */
    static RtmException toException(String label, HttpResponse response, int attempts, Clock clock) {
        return toException(label, response, attempts, clock, null);
    }

    /**
     * The typed error for a non-2xx response to {@code sent}. The error's text, code and request id quote the reply;
     * any credential of {@code sent} that a server or proxy echoed back reads {@code <redacted>} there
     * ({@link EchoedSecrets}: the reply's fields through {@link ServiceReply#redactEchoes}, a body that is not JSON here).
     *
     * @param sent the request as sent (credentials included), or null when unknown
     */
    static RtmException toException(String label, HttpResponse response, int attempts, Clock clock, HttpRequest sent) {
        int status = response.status();
        if (sent != null) {
            ServiceReply.redactEchoes(response, sent); // the pipeline's auth link did already; a caller outside it may not
        }
        ServiceReply reply = ServiceReply.of(response);
        String text = describe(label, status, reply, response, EchoedSecrets.of(sent));
        Duration retryAfter = status == 429
                ? RetryAfter.parse(response.headers().firstValue("Retry-After"), clock).orElse(null) : null;
        return RtmServiceException.builder(status).message(text).code(reply.code().orElse(null))
                .requestId(reply.requestId().orElse(null)).attempts(attempts).retryAfter(retryAfter).build();
    }

    private static String describe(String label, int status, ServiceReply reply, HttpResponse response, List<String> secrets) {
        StringBuilder sb = new StringBuilder(label);
        sb.append(" failed: HTTP ").append(status);
        if (status < 200 || (status >= 300 && status < 400)) {
            // A redirect is never followed: credentials must not go to another host.
            sb.append(" (unexpected: the SDK never follows redirects; check the endpoint)");
        }
        if (reply.isJsonObject()) {
            if (reply.message().isPresent()) {
                sb.append(": ").append(clip(reply.message().get()));
            } else if (reply.code().isEmpty()) {
                sb.append(" (reply without code or message)");
            }
        } else if (response.bodyLength() == 0) {
            sb.append(" (empty body)");
        } else {
            sb.append(" (body is not JSON: \"").append(clip(EchoedSecrets.scrub(response.bodyAsString(), secrets))).append("\")");
        }
        return sb.toString();
    }

    private static String clip(String s) {
        StringBuilder sb = new StringBuilder(Math.min(s.length(), MAX_DETAIL));
        for (int i = 0; i < s.length() && sb.length() < MAX_DETAIL; i++) {
            char c = s.charAt(i);
            sb.append(Character.isISOControl(c) ? ' ' : c);
        }
        if (s.length() > MAX_DETAIL) {
            sb.append('…');
        }
        return sb.toString();
    }
}
