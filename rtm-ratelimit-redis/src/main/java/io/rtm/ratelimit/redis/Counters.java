package io.rtm.ratelimit.redis;

import java.util.concurrent.atomic.LongAdder;

/** The limiter's counters (see {@link RedisRateLimiterStats}); thread-safe. */
final class Counters {
    final LongAdder redisGrants = new LongAdder();
    final LongAdder fallbackGrants = new LongAdder();
    final LongAdder refusals = new LongAdder();
    final LongAdder lateSlots = new LongAdder();
    final LongAdder redisFailures = new LongAdder();
    final LongAdder outages = new LongAdder();
    final LongAdder recoveries = new LongAdder();
    final LongAdder penalties = new LongAdder();

    RedisRateLimiterStats snapshot(boolean degraded) {
        return new RedisRateLimiterStats(redisGrants.sum(), fallbackGrants.sum(), refusals.sum(), lateSlots.sum(),
                redisFailures.sum(), outages.sum(), recoveries.sum(), penalties.sum(), degraded);
    }
}
