package io.rtm.core.error;

import java.util.Optional;

/**
 * Base of every error the SDK reports. Unchecked. Two branches say who decided the call failed:
 * {@link RtmClientException} (this side: invalid input, configuration, a closed client, credentials that cannot
 * be used, I/O, client timeouts, the local rate limiter) and {@link RtmServiceException} (the service answered
 * with an error status).
 *
 * <p>Every error carries what is known about the failed call: the HTTP status ({@code 0} when no response was
 * received), the service's {@code code} and {@code request_id} when its reply had them, how many attempts the call
 * made, whether trying again later may succeed ({@link #retryable()}), whether the request may have reached the
 * service on any attempt ({@link #mayHaveReachedService()}), and one low-cardinality {@link #reason()} that logs,
 * metrics and bulk summaries share.
 *
 * <p>Messages never contain credentials (api_secret, tokens, Basic strings). Instances are immutable; the
 * pipeline reports a whole call with {@link #withAttempts(int, boolean)}. Earlier attempts' errors of a retried
 * call are attached as {@linkplain #getSuppressed() suppressed} exceptions.
 */
public abstract sealed class RtmException extends RuntimeException permits RtmClientException, RtmServiceException {

    private final int httpStatus;
    private final String code;
    private final String requestId;
    private final int attempts;
    private final boolean reachedService;
    private final boolean earlierReachedService;

    RtmException(String message, Throwable cause, int httpStatus, String code, String requestId, int attempts,
                 boolean reachedService, boolean earlierReachedService) {
        super(message, cause);
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts must not be negative: " + attempts);
        }
        this.httpStatus = httpStatus;
        this.code = code;
        this.requestId = requestId;
        this.attempts = attempts;
        this.reachedService = reachedService;
        this.earlierReachedService = earlierReachedService;
    }

    /** The HTTP status of the response that failed the call, or {@code 0} if no response was received. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The service's {@code code} (e.g. {@code rate_limited}), or the SDK's own code for a client-side refusal. */
    public Optional<String> code() {
        return Optional.ofNullable(code);
    }

    /** The service's {@code request_id}, when its reply carried one. */
    public Optional<String> requestId() {
        return Optional.ofNullable(requestId);
    }

    /** How many attempts the call made; 0 when it failed before anything was sent. */
    public int attempts() {
        return attempts;
    }

    /** Whether the call was retried (more than one attempt). */
    public boolean retried() {
        return attempts > 1;
    }

    /**
     * Whether the condition is transient: the same call, made again later, may succeed (a 429, a 5xx, a timeout,
     * an I/O failure). False when it would fail the same way (invalid input, bad credentials, a closed client).
     * Whether a retry could deliver the message twice is {@link #mayHaveReachedService()}.
     */
    public abstract boolean retryable();

    /**
     * Whether the request may have reached the service on any attempt of the call. {@code false} means no attempt
     * can have been accepted, so sending the message again cannot duplicate it.
     */
    public final boolean mayHaveReachedService() {
        return reachedService || earlierReachedService;
    }

    /** The failure in one low-cardinality word, shared by logs, metrics and bulk summaries. */
    public abstract Reason reason();

    /**
     * A copy of this error reporting a whole call of {@code attempts} attempts, keeping whether an earlier attempt may
     * have reached the service. Cause, suppressed exceptions and stack trace are kept.
     */
    public final RtmException withAttempts(int attempts) {
        return withAttempts(attempts, false);
    }

    /**
     * A copy of this error reporting a whole call: {@code attempts} attempts, of which an earlier one may
     * ({@code earlierMayHaveReachedService}) have reached the service; {@link #mayHaveReachedService()} of the copy
     * is true when this failure's attempt or an earlier one may have. Cause, suppressed exceptions and stack trace
     * are kept. Returns this instance when nothing changes.
     */
    public final RtmException withAttempts(int attempts, boolean earlierMayHaveReachedService) {
        boolean earlier = earlierReachedService || earlierMayHaveReachedService;
        if (attempts == this.attempts && earlier == earlierReachedService) {
            return this;
        }
        RtmException copy = copy(attempts, earlier);
        copy.setStackTrace(getStackTrace());
        for (Throwable s : getSuppressed()) {
            copy.addSuppressed(s);
        }
        return copy;
    }

    /** The same error with another attempt count and earlier-attempt flag (used by {@link #withAttempts}). */
    abstract RtmException copy(int attempts, boolean earlierReachedService);

    /** Whether this failure's own attempt may have reached the service, for subclasses' {@link #copy}. */
    final boolean reachedService() {
        return reachedService;
    }

    /** The message without the details suffix, for subclasses' {@link #copy}. */
    final String baseMessage() {
        return super.getMessage();
    }

    /** The message, then what is known: {@code [status=…, code=…, request_id=…, attempts=…]}. */
    @Override
    public String getMessage() {
        String base = super.getMessage();
        StringBuilder sb = new StringBuilder(base == null ? getClass().getSimpleName() : base);
        if (httpStatus > 0 || code != null || requestId != null || attempts > 1) {
            sb.append(" [");
            String sep = "";
            if (httpStatus > 0) {
                sb.append("status=").append(httpStatus);
                sep = ", ";
            }
            if (code != null) {
                sb.append(sep).append("code=").append(code);
                sep = ", ";
            }
            if (requestId != null) {
                sb.append(sep).append("request_id=").append(requestId);
                sep = ", ";
            }
            sb.append(sep).append("attempts=").append(attempts).append(']');
        }
        return sb.toString();
    }
}
