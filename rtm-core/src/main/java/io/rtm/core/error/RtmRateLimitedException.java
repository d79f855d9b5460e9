package io.rtm.core.error;

import java.time.Duration;
import java.util.Optional;

/**
 * The service refused the call because its quota was exceeded (HTTP 429, code {@code rate_limited}). Nothing was
 * delivered. Retryable after {@link #retryAfter()}. A refusal by the client's own limiter is an
 * {@link RtmLocalRateLimitException}.
 */
public final class RtmRateLimitedException extends RtmServiceException {

    RtmRateLimitedException(Fields fields, boolean earlierReachedService) {
        super(fields, false, earlierReachedService);
    }

    /** The service's {@code Retry-After}, when it sent a readable one (as sent: not clamped). */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(fields().retryAfter());
    }

    /** True: the quota frees up. */
    @Override
    public boolean retryable() {
        return true;
    }

    /** {@link Reason#RATE_LIMITED}. */
    @Override
    public Reason reason() {
        return Reason.RATE_LIMITED;
    }

    @Override
    RtmException copy(int attempts, boolean earlierReachedService) {
        return new RtmRateLimitedException(fields().withAttempts(attempts), earlierReachedService);
    }
}
