package io.rtm.emulator;

/**
 * At most {@code limit} admissions in ANY window of one second: a ring keeps the times of the last
 * {@code limit} admissions, and a call is admitted iff the {@code limit}-th previous admission is at least one
 * second old. Strict (no fixed-window burst of 2x). Rejected calls leave no trace. Thread-safe.
 */
final class SlidingWindowLimiter {

    static final long WINDOW_NANOS = 1_000_000_000L;

    private final long[] admittedAt;
    private int next;
    private int count;

    SlidingWindowLimiter(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1: " + limit);
        }
        this.admittedAt = new long[limit];
    }

    /**
     * Admits a call at {@code nowNanos} (a monotonic ticker) and records it, or says how long until a slot frees.
     *
     * @return 0 when admitted, else the nanoseconds until the oldest admission in the window is one second old
     */
    synchronized long tryAcquire(long nowNanos) {
        if (count == admittedAt.length) {
            long oldest = admittedAt[next];
            long age = nowNanos - oldest;
            if (age < WINDOW_NANOS) {
                return WINDOW_NANOS - age;
            }
        } else {
            count++;
        }
        admittedAt[next] = nowNanos;
        next = next + 1 == admittedAt.length ? 0 : next + 1;
        return 0;
    }

    /** Whole seconds for {@code Retry-After}: the wait rounded up, at least 1. */
    static long retryAfterSeconds(long waitNanos) {
        return Math.max(1, (waitNanos + WINDOW_NANOS - 1) / WINDOW_NANOS);
    }
}
