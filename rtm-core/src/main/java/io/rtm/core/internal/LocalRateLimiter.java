package io.rtm.core.internal;

import io.rtm.core.RateLimit;
import io.rtm.core.error.RtmLocalRateLimitException;
import io.rtm.core.spi.RateLimiter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The SDK's local rate limiter. Two rules per key, both must allow a call:
 * <ol>
 *   <li><b>Pacing (GCRA)</b>: one lock-free {@link AtomicLong} holds the theoretical arrival time; a call at
 *       {@code now} gets its slot at {@code max(TAT, now)} and moves TAT one interval on — calls leave evenly
 *       spaced, never in bursts.</li>
 *   <li><b>Sliding-window guard</b> (optional, on by default): the service counts a call when it receives it,
 *       which is some unknown time after the call left — connection set-up, a cold JVM or a GC pause can delay
 *       one call and not the next, and pacing alone would then put {@code rate + 1} calls into one of the
 *       service's windows. The guard keeps the last {@code rate} permits of a key in a ring: permit {@code s}
 *       may go only once permit {@code s − rate} is over (its response arrived, so the service counted it
 *       before) plus one window. The service therefore can never see more than {@code rate} calls in any
 *       window, whatever the network does. A permit whose attempt never reached the service frees its slot at once.</li>
 * </ol>
 * Waiting is a scheduled completion, never a sleeping thread. Clock and scheduling are injectable.
 */
public final class LocalRateLimiter implements RateLimiter {

    private static final long WINDOW_NANOS = 1_000_000_000L;

    private final long intervalNanos;
    private final int windowPermits;
    private final LongSupplier nanoClock;
    private final Scheduling scheduling;
    private final ConcurrentHashMap<String, KeyState> keys = new ConcurrentHashMap<>();

    /** How the limiter completes a future later (the SDK's scheduler in production, a fake in tests). */
    @FunctionalInterface
    public interface Scheduling {
        /** Runs the task after the delay; returns a handle to cancel it. */
        ScheduledFuture<?> schedule(Runnable task, long delayNanos);
    }

    /** A limiter for this configuration on the system's monotonic clock. */
    public LocalRateLimiter(RateLimit config, RtmScheduler scheduler) {
        this(config.intervalNanos(), config.strictWindow() ? config.permitsPerSecond() : 0, System::nanoTime, scheduler::schedule);
    }

    /**
     * A limiter with explicit settings (tests).
     *
     * @param intervalNanos the pacing interval
     * @param windowPermits the sliding-window guard's size (calls per second), 0 for pacing only
     */
    public LocalRateLimiter(long intervalNanos, int windowPermits, LongSupplier nanoClock, Scheduling scheduling) {
        if (intervalNanos <= 0 || windowPermits < 0) {
            throw new IllegalArgumentException("intervalNanos must be positive and windowPermits not negative");
        }
        this.intervalNanos = intervalNanos;
        this.windowPermits = windowPermits;
        this.nanoClock = nanoClock;
        this.scheduling = scheduling;
    }

    @Override
    public CompletableFuture<Permit> acquire(String key, int permits, Duration maxWait) {
        if (permits != 1) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("the local limiter grants one permit per call: " + permits));
        }
        KeyState state = keys.computeIfAbsent(key, k -> new KeyState(windowPermits));
        long maxWaitNanos = saturatedNanos(maxWait);
        long now;
        long paceAt;
        while (true) {
            now = nanoClock.getAsLong();
            long current = state.tat.get();
            paceAt = current == Long.MIN_VALUE || current - now < 0 ? now : current;
            if (paceAt - now > maxWaitNanos) {
                return CompletableFuture.failedFuture(refused(key, paceAt - now, maxWait));
            }
            if (state.tat.compareAndSet(current, paceAt + intervalNanos)) {
                break;
            }
        }
        LocalPermit permit = new LocalPermit(state, now, paceAt);
        if (windowPermits == 0) {
            permit.guardAt(Long.MIN_VALUE);
        } else {
            state.enqueue(permit);
        }
        if (!permit.future.isDone()) {
            long requestedAt = now;
            ScheduledFuture<?> timeout = scheduling.schedule(() -> {
                if (permit.future.completeExceptionally(refused(key, nanoClock.getAsLong() - requestedAt, maxWait))) {
                    permit.release(false);
                }
            }, maxWaitNanos);
            permit.future.whenComplete((p, e) -> {
                timeout.cancel(false);
                if (permit.future.isCancelled()) {
                    permit.release(false);
                }
            });
        }
        return permit.future;
    }

    @Override
    public void penalize(String key, Duration retryAfter) {
        KeyState state = keys.computeIfAbsent(key, k -> new KeyState(windowPermits));
        long until = nanoClock.getAsLong() + saturatedNanos(retryAfter);
        state.tat.getAndUpdate(current -> current == Long.MIN_VALUE || current - until < 0 ? until : current);
    }

    /** The spacing between two permits of a key. */
    public long intervalNanos() {
        return intervalNanos;
    }

    private static RtmLocalRateLimitException refused(String key, long waitNanos, Duration maxWait) {
        return RtmLocalRateLimitException.of(key, Duration.ofNanos(waitNanos), maxWait);
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 4;
        }
    }

    /** One key: the pacing TAT and the guard's ring of the last {@code windowPermits} permits. */
    private static final class KeyState {
        final AtomicLong tat = new AtomicLong(Long.MIN_VALUE);
        final LocalPermit[] ring;
        long nextSeq;

        KeyState(int windowPermits) {
            this.ring = windowPermits == 0 ? null : new LocalPermit[windowPermits];
        }

        /** Puts the permit in the ring; it becomes ready one window after the one it replaces is over. */
        void enqueue(LocalPermit permit) {
            long guardAt;
            synchronized (this) {
                int slot = (int) (nextSeq++ % ring.length);
                LocalPermit previous = ring[slot];
                ring[slot] = permit;
                guardAt = constrain(permit, previous);
            }
            if (guardAt != WAITING) {
                permit.guardAt(guardAt);
            }
        }

        /**
         * Makes {@code permit} wait for the permit that holds the window slot before it: the nearest
         * predecessor that may have reached the service (ones that never did are skipped). Returns the time
         * from which the guard allows it, or {@link #WAITING} when it must wait for a predecessor still in flight.
         */
        long constrain(LocalPermit permit, LocalPermit previous) {
            while (previous != null && previous.doneAt == LocalPermit.NOT_SENT) {
                previous = previous.predecessor;
            }
            permit.predecessor = previous;
            if (previous == null) {
                return Long.MIN_VALUE;
            }
            if (previous.doneAt == LocalPermit.IN_FLIGHT) {
                previous.successors.add(permit);
                return WAITING;
            }
            return previous.doneAt + WINDOW_NANOS;
        }
    }

    private static final long WAITING = Long.MAX_VALUE;

    private final class LocalPermit implements Permit {
        static final long IN_FLIGHT = Long.MIN_VALUE;
        static final long NOT_SENT = Long.MIN_VALUE + 1;

        final KeyState state;
        final long requestedAt;
        final long paceAt;
        final CompletableFuture<Permit> future = new CompletableFuture<>();
        long doneAt = IN_FLIGHT;          // guarded by state
        LocalPermit predecessor;          // guarded by state: the permit whose window slot this one follows
        final List<LocalPermit> successors = new ArrayList<>(1); // guarded by state: permits waiting for this one
        private volatile Duration waited = Duration.ZERO;
        private boolean released;         // guarded by state

        LocalPermit(KeyState state, long requestedAt, long paceAt) {
            this.state = state;
            this.requestedAt = requestedAt;
            this.paceAt = paceAt;
        }

        /** The guard allows this permit from {@code guardAt} on: complete it at max(pace, guard). */
        void guardAt(long guardAt) {
            long readyAt = guardAt == Long.MIN_VALUE || guardAt - paceAt < 0 ? paceAt : guardAt;
            long delay = readyAt - nanoClock.getAsLong();
            if (delay <= 0) {
                grant();
            } else {
                ScheduledFuture<?> task = scheduling.schedule(this::grant, delay);
                future.whenComplete((p, e) -> task.cancel(false));
            }
        }

        private void grant() {
            waited = Duration.ofNanos(Math.max(0, nanoClock.getAsLong() - requestedAt));
            future.complete(this);
        }

        @Override
        public Duration waited() {
            return waited;
        }

        @Override
        public void release(boolean mayHaveReachedService) {
            if (state.ring == null) {
                return;
            }
            List<LocalPermit> waiting;
            long[] guards;
            synchronized (state) {
                if (released) {
                    return;
                }
                released = true;
                waiting = new ArrayList<>(successors);
                successors.clear();
                guards = new long[waiting.size()];
                if (mayHaveReachedService) {
                    doneAt = nanoClock.getAsLong();
                    predecessor = null; // no longer needed: its successors now wait for this one
                    java.util.Arrays.fill(guards, doneAt + WINDOW_NANOS);
                } else {
                    // never counted by the service: whoever waited for it waits for its own predecessor instead
                    doneAt = NOT_SENT;
                    for (int i = 0; i < guards.length; i++) {
                        guards[i] = state.constrain(waiting.get(i), predecessor);
                    }
                }
            }
            for (int i = 0; i < guards.length; i++) {
                if (guards[i] != WAITING) {
                    waiting.get(i).guardAt(guards[i]);
                }
            }
        }
    }

    @Override
    public String toString() {
        return "LocalRateLimiter{interval=" + intervalNanos + " ns, window guard=" + windowPermits + "/s}";
    }
}
