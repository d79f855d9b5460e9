package io.rtm.core.error;

import java.time.Duration;
import java.util.Optional;

/**
 * Rate limited: the service answered HTTP 429 (code {@code rate_limited}), or the local rate limiter
 * would have had to wait longer than the caller's allowed maximum ({@link #isLocal()}). Nothing was
 * delivered either way.
 */
public class RtmRateLimitedException extends RtmException {

    private final Duration retryAfter;
    private final boolean local;

    /**
     * @param retryAfter the service's {@code Retry-After} (or the local limiter's wait), may be null
     * @param local      true when the local limiter refused before sending
     */
    public RtmRateLimitedException(String message, Throwable cause, int httpStatus, String code, String requestId,
                                   int attempts, Duration retryAfter, boolean local) {
        super(message, cause, httpStatus, code, requestId, attempts);
        this.retryAfter = retryAfter;
        this.local = local;
    }

    /** How long the service (or the local limiter) asked to wait, when known. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** True when the client's own limiter refused the call before anything was sent. */
    public boolean isLocal() {
        return local;
    }

    @Override
    protected RtmException copy(int attempts) {
        return new RtmRateLimitedException(baseMessage(), getCause(), httpStatus(), code().orElse(null),
                requestId().orElse(null), attempts, retryAfter, local);
    }
}
