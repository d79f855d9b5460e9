package io.rtm.core.spi;

/**
 * What replies tell a rate limiter's sliding-window guard about when the service counted each call (the rules of
 * {@code RateLimit.arrivalSpread()}), so that the SDK's local limiter and a fleet limiter hold permits by the same
 * rules. The service counts a call some unknown time after it left; a guard holds each permit until one window after
 * the latest moment it can have been counted, relative to the others:
 * <ul>
 *   <li>proof: never later than its reply;</li>
 *   <li>evidence: a reply later than the fastest reply of the last 5-10 s (the latency every call shares) may have been
 *       that late on its way in, so the call is held that much longer ({@link #countedAfter});</li>
 *   <li>assumption: within {@code spread} calls are taken as on time; a call whose reply has not come by
 *       {@link #runningHoldNanos} stops counting then.</li>
 * </ul>
 * Only successful replies are evidence (record them with {@link #countedAfter(long, long, long, boolean)}); an error
 * reply (a 429, a 400) comes back without the service's usual work, faster than any success: count it with
 * {@link #countedAfter(long, long)}, which records nothing. All times are nanoseconds of one monotonic clock;
 * latencies are measured from the permit's slot. One instance per quota key; not thread-safe (its owner's lock guards
 * it).
 */
public final class ReplyEvidence {

    /** Sentinel for "no value" in the nanosecond arithmetic below. */
    private static final long NONE = Long.MIN_VALUE;
    private static final long BUCKET_NANOS = 5_000_000_000L;

    private long bucketStart = NONE;
    private long floor = Long.MAX_VALUE;
    private long previousFloor = Long.MAX_VALUE;
    private long lateness;
    private long previousLateness;

    /** Evidence with no reply seen yet. */
    public ReplyEvidence() {
    }

    /**
     * A call that may have reached the service got its reply {@code latencyNanos} after its slot: records it, and
     * returns how long after its slot the service may have counted it, {@code min(latency, max(spread, latency -
     * floor))}; the guard holds it until one window after that. With {@code replyWaitsAfterCount} (a {@code wait_for_ack}
     * reply, which waits for the receiver after the service counted the call) the reply tells nothing of its way in:
     * {@code min(latency, spread)}, and it is not recorded.
     */
    public long countedAfter(long latencyNanos, long nowNanos, long spreadNanos, boolean replyWaitsAfterCount) {
        if (replyWaitsAfterCount) {
            return Math.min(latencyNanos, spreadNanos);
        }
        rotate(nowNanos);
        floor = Math.min(floor, latencyNanos);
        long f = Math.min(floor, previousFloor);
        lateness = Math.max(lateness, latencyNanos - f);
        return Math.min(latencyNanos, Math.max(spreadNanos, latencyNanos - f));
    }

    /**
     * {@link #countedAfter(long, long, long, boolean)} by what is known now, recording nothing: for a call released
     * earlier, when a faster reply since has lowered the floor (the call may have been later on its way in than it
     * looked then: a cold start's first replies are slow), so that its hold can be extended.
     */
    public long countedAfter(long latencyNanos, long spreadNanos) {
        long f = Math.min(floor, previousFloor);
        return Math.min(latencyNanos, Math.max(spreadNanos, f == Long.MAX_VALUE ? latencyNanos : latencyNanos - f));
    }

    /** The fastest reply's latency of the last 5-10 s; -1 without replies. */
    public long floorNanos(long nowNanos) {
        rotate(nowNanos);
        long f = Math.min(floor, previousFloor);
        return f == Long.MAX_VALUE ? -1 : f;
    }

    /**
     * How long after its slot a call granted now counts if its reply has not come: one window and {@code max(spread,
     * the lateness seen lately)}, since by the assumption it was counted by then; while replies come within a window, or
     * before any reply came (a cold start: new connections, a cold JIT, when delays are the largest), a late reply will
     * still tell how late the call was, so it waits one window longer for it. A reply that never comes stops counting
     * then. A {@code wait_for_ack} call: one window and the spread.
     */
    public long runningHoldNanos(long nowNanos, long spreadNanos, long windowNanos, boolean replyWaitsAfterCount) {
        if (replyWaitsAfterCount) {
            return windowNanos + spreadNanos;
        }
        rotate(nowNanos);
        long assumed = Math.max(spreadNanos, Math.max(lateness, previousLateness));
        long f = Math.min(floor, previousFloor);
        boolean evidenceInTime = f == Long.MAX_VALUE || f <= windowNanos + assumed;
        return windowNanos + assumed + (evidenceInTime ? windowNanos : 0);
    }

    private void rotate(long now) {
        if (bucketStart == NONE) {
            bucketStart = now;
        } else if (now - bucketStart >= BUCKET_NANOS) {
            boolean stale = now - bucketStart >= 2 * BUCKET_NANOS;
            previousFloor = stale ? Long.MAX_VALUE : floor;
            previousLateness = stale ? 0 : lateness;
            floor = Long.MAX_VALUE;
            lateness = 0;
            bucketStart = now;
        }
    }

    @Override
    public String toString() {
        long f = Math.min(floor, previousFloor);
        return "ReplyEvidence{floor=" + (f == Long.MAX_VALUE ? "none" : f / 1_000_000.0 + " ms") + ", lateness="
                + Math.max(lateness, previousLateness) / 1_000_000.0 + " ms}";
    }
}
