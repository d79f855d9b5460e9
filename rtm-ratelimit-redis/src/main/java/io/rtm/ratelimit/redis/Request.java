package io.rtm.ratelimit.redis;

import io.rtm.core.spi.Quota;
import io.rtm.core.spi.RateLimiter;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

/**
 * One acquire, from the call until its permit is granted or refused. It may reserve more than one slot in
 * Redis (a slot it could not use on time is re-reserved) and may move between Redis and the local fallback.
 */
final class Request {
    final Quota quota;
    final String key;
    final Pace pace;
    final long startNanos;
    final long deadlineNanos;
    /** Its reply waits for the receiver after the service counted it ({@code wait_for_ack}): no evidence from it. */
    final boolean replyWaitsAfterCount;
    /** The guard place of the slot reserved now and not yet granted (released if it goes unused); null when none. */
    volatile String reservedMember;
    final CompletableFuture<RateLimiter.Permit> future = new CompletableFuture<>();
    /** Slots reserved in Redis and not used because the grant came too late. Touched by one step at a time. */
    int lateSlots;
    /** What the request waits on now (a scheduled grant, or the local fallback's future), to cancel with it. */
    volatile Future<?> waiting;

    Request(Quota quota, Pace pace, long startNanos, long maxWaitNanos, boolean replyWaitsAfterCount) {
        this.quota = quota;
        this.replyWaitsAfterCount = replyWaitsAfterCount;
        this.key = quota.key();
        this.pace = pace;
        this.startNanos = startNanos;
        long deadline = startNanos + maxWaitNanos;
        this.deadlineNanos = deadline - startNanos < 0 ? Long.MAX_VALUE : deadline; // saturate on overflow
    }

    /** What is left of maxWait at {@code now}, never negative. */
    long remainingNanos(long now) {
        return Math.max(0, deadlineNanos - now);
    }

    /** The longest the caller allowed, for messages. */
    long maxWaitNanos() {
        return deadlineNanos == Long.MAX_VALUE ? Long.MAX_VALUE : deadlineNanos - startNanos;
    }
}
