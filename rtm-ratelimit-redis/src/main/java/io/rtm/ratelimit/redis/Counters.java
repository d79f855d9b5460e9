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

    /** Completes the acquire with its permit, counted first so that whoever the permit wakes sees the count. */
    static boolean grant(java.util.concurrent.CompletableFuture<io.rtm.core.spi.RateLimiter.Permit> future,
                         io.rtm.core.spi.RateLimiter.Permit permit, LongAdder counter) {
        counter.increment();
        if (future.complete(permit)) {
            return true;
        }
        counter.decrement(); // cancelled or closed meanwhile
        return false;
    }

    RedisRateLimiterStats snapshot(boolean degraded) {
        return new RedisRateLimiterStats(redisGrants.sum(), fallbackGrants.sum(), refusals.sum(), lateSlots.sum(),
                redisFailures.sum(), outages.sum(), recoveries.sum(), penalties.sum(), degraded);
    }
}
