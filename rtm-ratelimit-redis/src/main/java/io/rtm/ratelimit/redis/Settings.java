package io.rtm.ratelimit.redis;

import java.util.function.LongSupplier;

/** A {@link RedisRateLimiter}'s validated configuration (see its builder for each meaning). Immutable. */
record Settings(int quotaPerSecond, double utilization, int burst, long maxLatenessNanos, long roundTripTimeoutNanos,
                long maxPenaltyNanos, int expectedFleetSize, FailurePolicy failurePolicy, long probeIntervalNanos,
                String keyPrefix, RedisRateLimiterListener listener, LongSupplier nanoClock) {

    /** The pace of a quota under these settings (checked against maxLateness). */
    Pace pace(int quotaPerSecond) {
        return Pace.of(quotaPerSecond, utilization, burst, maxLatenessNanos / 1000);
    }
}
