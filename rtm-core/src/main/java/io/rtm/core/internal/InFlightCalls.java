package io.rtm.core.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The calls of one client that have not completed, and the enforcement of their deadlines.
 *
 * <p>Deadlines are not scheduled one by one: while any call is in flight, one task on the client's timer
 * thread wakes every {@value #TICK_MILLIS} ms and fails the calls whose deadline has passed (so a deadline
 * fires at most one tick late). Scheduling and cancelling a timer task per call cost ~120 ns, a lock and,
 * whenever that deadline became the earliest pending one, a wake-up of the timer thread; the sweep costs one
 * set insertion and removal per call, and nothing at all when the client is idle (the sweep stops when the last
 * call completes and restarts with the next one). Thread-safe.
 */
final class InFlightCalls {

    /** How often deadlines are checked while calls are in flight. */
    static final long TICK_MILLIS = 10;
    private static final long TICK_NANOS = TICK_MILLIS * 1_000_000;

    private final Set<Call<?, ?>> calls = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean sweeping = new AtomicBoolean();
    private final RtmScheduler scheduler;

    InFlightCalls(RtmScheduler scheduler) {
        this.scheduler = scheduler;
    }

    /**
     * Tracks the call until {@link #remove}; starts the deadline sweep if it is not running.
     *
     * @throws RejectedExecutionException when the scheduler was shut down (the client is closing)
     */
    void add(Call<?, ?> call) {
        calls.add(call);
        if (!sweeping.get() && sweeping.compareAndSet(false, true)) {
            try {
                scheduler.schedule(this::sweep, TICK_NANOS);
            } catch (RejectedExecutionException e) {
                sweeping.set(false);
                throw e;
            }
        }
    }

    void remove(Call<?, ?> call) {
        if (calls.remove(call) && calls.isEmpty()) {
            synchronized (this) {
                notifyAll(); // a graceful close may be waiting for the last call
            }
        }
    }

    /** Waits until no call is in flight, at most {@code timeoutNanos}; returns whether none is. */
    boolean awaitEmpty(long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        synchronized (this) {
            while (!calls.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
        return true;
    }

    /** The calls in flight now (a weakly consistent view). */
    Iterable<Call<?, ?>> snapshot() {
        return calls;
    }

    int size() {
        return calls.size();
    }

    private void sweep() {
        long now = System.nanoTime();
        for (Call<?, ?> call : calls) {
            call.checkDeadline(now);
        }
        if (calls.isEmpty()) {
            sweeping.set(false);
            // a call added after the check above either saw sweeping == false and started a sweep, or is seen here
            if (calls.isEmpty() || !sweeping.compareAndSet(false, true)) {
                return;
            }
        }
        try {
            scheduler.schedule(this::sweep, TICK_NANOS);
        } catch (RejectedExecutionException e) {
            sweeping.set(false); // the client is closing: its close() fails what is left
        }
    }
}
