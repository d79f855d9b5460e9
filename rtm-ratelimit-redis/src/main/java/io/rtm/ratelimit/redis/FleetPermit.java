package io.rtm.ratelimit.redis;

import io.rtm.core.spi.RateLimiter;
import java.time.Duration;

/**
 * A permit of the fleet limiter: from a slot reserved in Redis ({@link #redisSlotMicros()} is that slot in
 * microseconds of Redis time; {@link #release} tells the fleet's window guard in Redis how long it still counts), or
 * from the local fallback (then -1, and {@link #release} goes to the local limiter's sliding-window guard). Immutable
 * apart from the release bookkeeping.
 */
final class FleetPermit implements RateLimiter.Permit {

    /** Tells the fleet's window guard that a Redis permit's attempt is over. */
    @FunctionalInterface
    interface GuardRelease {
        void release(boolean mayHaveReachedService, int replyStatus);
    }

    private final Duration waited;
    private final long redisSlotMicros;
    private final RateLimiter.Permit local;
    private final GuardRelease guard;
    private final java.util.concurrent.atomic.AtomicBoolean released = new java.util.concurrent.atomic.AtomicBoolean();

    private FleetPermit(Duration waited, long redisSlotMicros, RateLimiter.Permit local, GuardRelease guard) {
        this.waited = waited;
        this.redisSlotMicros = redisSlotMicros;
        this.local = local;
        this.guard = guard;
    }

    static FleetPermit fromRedis(long waitedNanos, long redisSlotMicros) {
        return new FleetPermit(Duration.ofNanos(waitedNanos), redisSlotMicros, null, null);
    }

    /** A permit from Redis that holds a place in the fleet's window guard until {@link #release}. */
    static FleetPermit fromRedis(long waitedNanos, long redisSlotMicros, GuardRelease guard) {
        return new FleetPermit(Duration.ofNanos(waitedNanos), redisSlotMicros, null, guard);
    }

    static FleetPermit fromFallback(long waitedNanos, RateLimiter.Permit local) {
        return new FleetPermit(Duration.ofNanos(waitedNanos), -1, local, null);
    }

    @Override
    public Duration waited() {
        return waited;
    }

    /** The slot in microseconds of Redis time, or -1 when the local fallback granted this permit. */
    long redisSlotMicros() {
        return redisSlotMicros;
    }

    boolean fromRedis() {
        return local == null;
    }

    @Override
    public void release(boolean mayHaveReachedService) {
        release(mayHaveReachedService, mayHaveReachedService ? 200 : 0);
    }

    @Override
    public void release(boolean mayHaveReachedService, int replyStatus) {
        if (!released.compareAndSet(false, true)) {
            return; // at most once, as the SPI promises the callers
        }
        if (local != null) {
            local.release(mayHaveReachedService, replyStatus);
        } else if (guard != null) {
            guard.release(mayHaveReachedService, replyStatus);
        }
    }

    @Override
    public String toString() {
        return fromRedis() ? "FleetPermit{redis slot " + redisSlotMicros + " us, waited " + waited.toNanos() / 1000 + " us}"
                : "FleetPermit{local fallback, waited " + waited.toNanos() / 1000 + " us}";
    }
}
