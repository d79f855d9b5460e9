package io.rtm.ratelimit.redis;

/**
 * Maps Redis time to this process's monotonic clock. A script that reports Redis time {@code R} ran between the
 * local times {@code sent} and {@code received} of its round trip, so the offset {@code R - local} lies within
 * {@code [R - received, R - sent]}. Intersecting the intervals of the last second or two of replies narrows it to
 * about the fastest round trip seen, however slow the reply at hand: a slot learnt through a slow reply is still
 * placed on the local clock within a fraction of a millisecond. Only local differences are used, so this process's
 * clock may disagree with every other's. Thread-safe.
 */
final class RedisClock {

    /** Bounds older than this are dropped, so a Redis clock that was stepped or slewed is followed within two periods. */
    private static final long PERIOD_NANOS = 1_000_000_000L;

    /** The local window in which a Redis instant lies: {@code [earliest, latest]}, local monotonic nanoseconds. */
    record Window(long earliest, long latest) {
    }

    private Bounds current;  // guarded by this
    private Bounds previous; // guarded by this
    private long periodStart; // guarded by this

    /** One round trip: sent and received on the local clock, {@code redisMicros} read inside the script. */
    synchronized void sample(long sentNanos, long receivedNanos, long redisMicros) {
        long redis = redisMicros * 1000;
        Bounds sample = new Bounds(redis - receivedNanos, redis - sentNanos);
        if (current == null || receivedNanos - periodStart > PERIOD_NANOS) {
            previous = current;
            current = sample;
            periodStart = receivedNanos;
        } else {
            current = current.and(sample);
        }
        if (current.empty()) {
            current = sample; // the Redis clock moved (stepped, or another server after a failover): forget the past
            previous = null;
        }
        if (previous != null && previous.and(current).empty()) {
            previous = null;
        }
    }

    /** Where the Redis instant {@code redisMicros} lies on the local clock, given the replies so far (at least one). */
    synchronized Window local(long redisMicros) {
        Bounds b = previous == null ? current : previous.and(current);
        long redis = redisMicros * 1000;
        return new Window(redis - b.high, redis - b.low);
    }

    /** Bounds on the offset Redis − local: {@code low ≤ offset ≤ high}. */
    private record Bounds(long low, long high) {
        Bounds and(Bounds other) {
            return new Bounds(Math.max(low, other.low), Math.min(high, other.high));
        }

        boolean empty() {
            return low > high;
        }
    }
}
