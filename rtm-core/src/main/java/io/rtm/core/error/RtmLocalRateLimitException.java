package io.rtm.core.error;

import java.time.Duration;
import java.util.Objects;

/**
 * The client's own rate limiter refused the call before anything was sent: the next slot of its quota was further
 * away than the allowed wait ({@code RateLimit.maxWait()}, or the call's remaining deadline). {@link #attempts()}
 * is 0, {@link #code()} is {@code rate_limited}. Retryable later ({@link #retryAfter()}). A 429 from the service is
 * an {@link RtmRateLimitedException} instead.
 */
public final class RtmLocalRateLimitException extends RtmClientException {

    /** The code these refusals carry. */
    public static final String CODE = "rate_limited";

    private final String quotaKey;
    private final Duration retryAfter;

    private RtmLocalRateLimitException(String message, String quotaKey, Duration retryAfter, int attempts, boolean earlier) {
        super(message, null, CODE, attempts, false, earlier);
        this.quotaKey = quotaKey;
        this.retryAfter = retryAfter;
    }

    /**
     * A refusal.
     *
     * @param quotaKey  the quota's key, e.g. {@code <appId>:peer}
     * @param wouldWait how far away the next slot was
     * @param maxWait   the longest the call was allowed to wait
     */
    public static RtmLocalRateLimitException of(String quotaKey, Duration wouldWait, Duration maxWait) {
        Objects.requireNonNull(quotaKey, "quotaKey");
        Objects.requireNonNull(wouldWait, "wouldWait");
        Objects.requireNonNull(maxWait, "maxWait");
        return new RtmLocalRateLimitException("local rate limit: the next slot for " + quotaKey + " is at least "
                + wouldWait.toMillis() + " ms away, more than the allowed wait of " + maxWait.toMillis() + " ms",
                quotaKey, wouldWait, 0, false);
    }

    /**
     * A refusal with a limiter's own explanation (e.g. a fleet limiter whose shared store is unreachable).
     *
     * @param quotaKey   the quota's key, e.g. {@code <appId>:peer}
     * @param message    what happened, naming the quota; never a secret
     * @param retryAfter when a slot may be free again (zero when unknown)
     */
    public static RtmLocalRateLimitException of(String quotaKey, String message, Duration retryAfter) {
        return new RtmLocalRateLimitException(Objects.requireNonNull(message, "message"),
                Objects.requireNonNull(quotaKey, "quotaKey"), Objects.requireNonNull(retryAfter, "retryAfter"), 0, false);
    }

    /** The key of the quota that refused, e.g. {@code <appId>:peer}. */
    public String quotaKey() {
        return quotaKey;
    }

    /** How far away the next slot was when the call was refused. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** True: a slot frees up later. */
    @Override
    public boolean retryable() {
        return true;
    }

    /** {@link Reason#RATE_LIMITED_LOCAL}. */
    @Override
    public Reason reason() {
        return Reason.RATE_LIMITED_LOCAL;
    }

    @Override
    RtmException copy(int attempts, boolean earlierReachedService) {
        return new RtmLocalRateLimitException(baseMessage(), quotaKey, retryAfter, attempts, earlierReachedService);
    }
}
