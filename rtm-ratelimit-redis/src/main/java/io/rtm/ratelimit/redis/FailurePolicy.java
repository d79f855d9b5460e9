package io.rtm.ratelimit.redis;

/** What a {@link RedisRateLimiter} does while Redis cannot answer within the round-trip timeout. */
public enum FailurePolicy {

    /**
     * Keep sending, paced by a local limiter at this process's share of each quota (its permits divided by the
     * expected fleet size, rounded down): with every process of the fleet falling back the sum stays within the
     * quota, and sending never stops because Redis did. The default.
     */
    LOCAL_SHARE,

    /**
     * Refuse every permit with an {@link io.rtm.core.error.RtmLocalRateLimitException} until Redis answers
     * again: nothing is sent unaccounted, at the price of sending nothing.
     */
    FAIL_FAST
}
