package io.rtm.core.internal;

import io.rtm.core.error.RtmException;
import io.rtm.core.error.RtmServiceException;
import io.rtm.core.spi.HttpHeaders;
import io.rtm.core.spi.HttpRequest;
import io.rtm.core.spi.HttpResponse;
import io.rtm.core.spi.ServiceReply;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Turns a non-2xx HTTP response into the typed {@link RtmException} for its status, its text scrubbed of credentials. */
final class ResponseMapper {

    private static final int MAX_DETAIL = 300;
    /** Shorter credential fragments are not scrubbed from texts: they would garble them and protect nothing. */
    private static final int MIN_SCRUBBED = 4;
    private static final String REDACTED = "<redacted>";

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
     * any credential of {@code sent} (an {@code Authorization} or {@code x-ar-token} value, and the secret inside
     * a Basic value) that a server or proxy echoed back is replaced by {@code <redacted>}.
     *
     * @param sent the request as sent (credentials included), or null when unknown
     */
    static RtmException toException(String label, HttpResponse response, int attempts, Clock clock, HttpRequest sent) {
        int status = response.status();
        ServiceReply reply = ServiceReply.of(response);
        List<String> secrets = secretsOf(sent);
        String text = describe(label, status, reply, response, secrets);
        Duration retryAfter = status == 429
                ? RetryAfter.parse(response.headers().firstValue("Retry-After"), clock).orElse(null) : null;
        // code and request_id are shown by getMessage() too: an echoed credential is scrubbed from them as well
        return RtmServiceException.builder(status).message(text).code(reply.code().map(c -> scrub(c, secrets)).orElse(null))
                .requestId(reply.requestId().map(r -> scrub(r, secrets)).orElse(null)).attempts(attempts).retryAfter(retryAfter).build();
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
                sb.append(": ").append(clip(scrub(reply.message().get(), secrets)));
            } else if (reply.code().isEmpty()) {
                sb.append(" (reply without code or message)");
            }
        } else if (response.bodyLength() == 0) {
            sb.append(" (empty body)");
        } else {
            sb.append(" (body is not JSON: \"").append(clip(scrub(response.bodyAsString(), secrets))).append("\")");
        }
        return sb.toString();
    }

    /** Credential values of the request, longest first, as they could appear echoed in a reply. */
    private static List<String> secretsOf(HttpRequest sent) {
        List<String> out = new ArrayList<>(0);
        if (sent == null) {
            return out;
        }
        for (HttpHeaders.Header h : sent.headers().asList()) {
            if (!HttpHeaders.isSensitive(h.name())) {
                continue;
            }
            String value = h.value().trim();
            out.add(value);
            int space = value.indexOf(' ');
            if (space > 0) {
                String credential = value.substring(space + 1).trim();
                out.add(credential);
                if (value.regionMatches(true, 0, "Basic", 0, space)) {
                    try {
                        String pair = new String(Base64.getDecoder().decode(credential), StandardCharsets.UTF_8);
                        out.add(pair);
                        int colon = pair.indexOf(':');
                        if (colon >= 0) {
                            out.add(pair.substring(colon + 1)); // the api secret on its own
                        }
                    } catch (IllegalArgumentException notBase64) {
                        // nothing more to scrub
                    }
                }
            }
        }
        out.removeIf(v -> v.length() < MIN_SCRUBBED);
        out.sort((a, b) -> Integer.compare(b.length(), a.length()));
        return out;
    }

    private static String scrub(String text, List<String> secrets) {
        String t = text;
        for (String secret : secrets) {
            t = t.replace(secret, REDACTED);
        }
        return t;
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
