package io.rtm.core.error;

import java.util.Optional;

/**
 * Base of every error the SDK reports. Unchecked. Carries what is known about the failed call:
 * the HTTP status ({@code 0} when no response was received), the service's {@code code} and
 * {@code request_id} when its reply had them, and how many attempts the call made.
 *
 * <p>Messages never contain credentials (api_secret, tokens). Instances are immutable; the pipeline
 * uses {@link #withAttempts(int)} to report the final attempt count.
 */
public abstract class RtmException extends RuntimeException {

    private final int httpStatus;
    private final String code;
    private final String requestId;
    private final int attempts;

    /**
     * @param message   human-readable text (no secrets)
     * @param cause     underlying cause, may be null
     * @param httpStatus HTTP status, 0 when there was no response
     * @param code      service code, may be null
     * @param requestId service request id, may be null
     * @param attempts  attempts made so far (0 when nothing was sent)
     */
    protected RtmException(String message, Throwable cause, int httpStatus, String code, String requestId, int attempts) {
        super(message, cause);
        this.httpStatus = httpStatus;
        this.code = code;
        this.requestId = requestId;
        this.attempts = attempts;
    }

    /** The HTTP status of the response that failed the call, or {@code 0} if no response was received. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The service's {@code code} (e.g. {@code rate_limited}), when its reply carried one. */
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
     * A copy of this exception reporting a different attempt count; cause, suppressed exceptions and
     * stack trace are kept.
     */
    public final RtmException withAttempts(int attempts) {
        if (attempts == this.attempts) {
            return this;
        }
        RtmException copy = copy(attempts);
        copy.setStackTrace(getStackTrace());
        for (Throwable s : getSuppressed()) {
            copy.addSuppressed(s);
        }
        return copy;
    }

    /** Creates the same exception with another attempt count (used by {@link #withAttempts}). */
    protected abstract RtmException copy(int attempts);

    /** The message without the attempt suffix, for subclasses' {@link #copy(int)}. */
    protected final String baseMessage() {
        return super.getMessage();
    }

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
