package io.rtm.ratelimit.redis;

import io.rtm.core.spi.Quota;
import java.util.function.LongSupplier;

/** A {@link RedisRateLimiter}'s validated configuration (see its builder for each meaning). Immutable. */
record Settings(double utilization, int burst, long maxLatenessNanos, long roundTripTimeoutNanos,
                long maxPenaltyNanos, int expectedFleetSize, FailurePolicy failurePolicy, long probeIntervalNanos,
                String keyPrefix, RedisRateLimiterListener listener, LongSupplier nanoClock, boolean windowGuard,
                long arrivalSpreadNanos, long coldStartNanos) {

    /** The pace of a quota under these settings (its burst fitted to the margin, see {@link Pace#of}). */
    Pace pace(Quota quota) {
        return Pace.of(quota, utilization, burst, maxLatenessNanos / 1000);
    }
}
