package io.rtm.ratelimit.redis;

import io.rtm.core.spi.RateLimiter;
import java.time.Duration;

/**
 * A permit of the fleet limiter: from a slot reserved in Redis ({@link #redisSlotMicros()} is that slot in
 * microseconds of Redis time), or from the local fallback (then -1, and {@link #release} goes to the local
 * limiter's sliding-window guard). Immutable apart from the delegate's release bookkeeping.
 */
final class FleetPermit implements RateLimiter.Permit {

    private final Duration waited;
    private final long redisSlotMicros;
    private final RateLimiter.Permit local;

    private FleetPermit(Duration waited, long redisSlotMicros, RateLimiter.Permit local) {
        this.waited = waited;
        this.redisSlotMicros = redisSlotMicros;
        this.local = local;
    }

    static FleetPermit fromRedis(long waitedNanos, long redisSlotMicros) {
        return new FleetPermit(Duration.ofNanos(waitedNanos), redisSlotMicros, null);
    }

    static FleetPermit fromFallback(long waitedNanos, RateLimiter.Permit local) {
        return new FleetPermit(Duration.ofNanos(waitedNanos), -1, local);
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
        if (local != null) {
            local.release(mayHaveReachedService);
        }
    }

    @Override
    public String toString() {
        return fromRedis() ? "FleetPermit{redis slot " + redisSlotMicros + " us, waited " + waited.toNanos() / 1000 + " us}"
                : "FleetPermit{local fallback, waited " + waited.toNanos() / 1000 + " us}";
    }
}
