package io.rtm.core.internal;

import io.rtm.core.Api;
import io.rtm.core.SendResult;
import io.rtm.core.error.RtmAuthenticationException;
import io.rtm.core.error.RtmBadRequestException;
import io.rtm.core.error.RtmException;
import io.rtm.core.error.RtmRateLimitedException;
import io.rtm.core.error.RtmServerException;
import io.rtm.core.error.RtmTimeoutException;
import io.rtm.core.spi.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/** Turns an HTTP response into a {@link SendResult} (2xx) or the typed {@link RtmException} for its status. */
public final class ResponseMapper {

    private static final int MAX_DETAIL = 300;

    private ResponseMapper() {
    }

    /** Whether the status is a success (2xx). */
    public static boolean isSuccess(int status) {
        return status >= 200 && status < 300;
    }

    /** The result of a 2xx response. An absent code is reported as "" ({@code DeliveryCode.UNKNOWN}). */
    public static SendResult toResult(HttpResponse response, int attempts) {
        JsonCodec.Reply reply = JsonCodec.decodeReply(response.body());
        String code = reply.code() == null ? "" : reply.code();
        return SendResult.of(response.status(), code, reply.result(), reply.requestId(), attempts);
    }

    /** The typed error for a non-2xx response. */
    public static RtmException toException(Api api, HttpResponse response, int attempts, Clock clock) {
        int status = response.status();
        JsonCodec.Reply reply = JsonCodec.decodeReply(response.body());
        String text = describe(api, status, reply, response);
        String code = reply.code();
        String requestId = reply.requestId();
        if (status == 400) {
            return new RtmBadRequestException(text, null, status, code, requestId, attempts);
        }
        if (status == 401 || status == 403) {
            return new RtmAuthenticationException(text, null, status, code, requestId, attempts);
        }
        if (status == 408) {
            return new RtmTimeoutException(text, null, status, code, requestId, attempts, RtmTimeoutException.Kind.SERVICE);
        }
        if (status == 429) {
            Duration retryAfter = RetryAfter.parse(response.headers().firstValue("Retry-After"), clock).orElse(null);
            return new RtmRateLimitedException(text, null, status, code, requestId, attempts, retryAfter, false);
        }
        if (status >= 400 && status < 500) {
            return new RtmBadRequestException(text, null, status, code, requestId, attempts);
        }
        return new RtmServerException(text, null, status, code, requestId, attempts);
    }

    private static String describe(Api api, int status, JsonCodec.Reply reply, HttpResponse response) {
        StringBuilder sb = new StringBuilder(api == Api.PEER ? "peer message" : "channel message");
        sb.append(" failed: HTTP ").append(status);
        if (reply.json()) {
            Optional.ofNullable(reply.message()).ifPresent(m -> sb.append(": ").append(clip(m)));
            if (reply.message() == null && reply.code() == null) {
                sb.append(" (reply without code or message)");
            }
        } else if (response.bodyLength() == 0) {
            sb.append(" (empty body)");
        } else {
            sb.append(" (body is not JSON: \"").append(clip(response.bodyAsString())).append("\")");
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
