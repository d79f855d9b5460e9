package io.rtm.core.internal;

import io.rtm.core.RateLimit;
import io.rtm.core.error.RtmLocalRateLimitException;
import io.rtm.core.spi.Quota;
import io.rtm.core.spi.RateLimiter;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The SDK's local rate limiter. Two rules per {@link Quota}, both must allow a call:
 * <ol>
 *   <li><b>Pacing (GCRA)</b>: one lock-free {@link AtomicLong} holds the theoretical arrival time; a call at
 *       {@code now} gets its slot at {@code max(TAT, now)} and moves TAT one interval
 *       ({@code window / permits × (1 + safetyMargin)}) on — calls leave evenly spaced, never in bursts. A call that
 *       gives up its wait (cancelled, or past its maximum wait) gives its slot back: the next call takes the earliest
 *       slot given back that is still ahead, so abandoned waits never delay the calls after them.</li>
 *   <li><b>Sliding-window guard</b> (optional, on by default): the service counts a call when it receives it, which
 *       is some unknown time after the call left — connection set-up, a cold JVM or a GC pause can delay one call and
 *       not the next, and pacing alone would then put {@code permits + 1} calls into one of the service's windows. The
 *       guard holds each permit from the moment it is granted until one window after its attempt ended (at once, if
 *       the attempt provably never reached the service), and grants a permit only while fewer than {@code permits}
 *       are held. Any calls the service receives in one window were all held at the moment the last of them was
 *       granted, so the service can never see more than {@code permits} in a window, whatever the network does.</li>
 * </ol>
 * Waiting is a scheduled completion, never a sleeping thread. Clock and scheduling are injectable. Thread-safe.
 */
final class LocalRateLimiter implements RateLimiter {

    private static final long NONE = Long.MIN_VALUE;

    private final double safetyMargin;
    private final boolean strictWindow;
    private final LongSupplier nanoClock;
    private final Scheduling scheduling;
    private final ConcurrentHashMap<String, KeyState> keys = new ConcurrentHashMap<>();

    /** How the limiter completes a future later (the SDK's scheduler in production, a fake in tests). */
    @FunctionalInterface
    interface Scheduling {
        /** Runs the task after the delay; returns a handle to cancel it. */
        ScheduledFuture<?> schedule(Runnable task, long delayNanos);
    }

    /** A limiter for this configuration on the system's monotonic clock. */
    LocalRateLimiter(RateLimit config, RtmScheduler scheduler) {
        this(config.safetyMargin(), config.strictWindow(), System::nanoTime, scheduler::schedule);
    }

    /**
     * A limiter with explicit settings (tests).
     *
     * @param safetyMargin how much wider than {@code window / permits} calls are spaced (0.005 = 0.5%)
     * @param strictWindow whether the sliding-window guard is on
     */
    LocalRateLimiter(double safetyMargin, boolean strictWindow, LongSupplier nanoClock, Scheduling scheduling) {
        if (!(safetyMargin >= 0)) {
            throw new IllegalArgumentException("safetyMargin must not be negative: " + safetyMargin);
        }
        this.safetyMargin = safetyMargin;
        this.strictWindow = strictWindow;
        this.nanoClock = nanoClock;
        this.scheduling = scheduling;
    }

    @Override
    public CompletableFuture<Permit> acquire(Quota quota, Duration maxWait) {
        KeyState state = state(quota);
        long maxWaitNanos = saturatedNanos(maxWait);
        long now = nanoClock.getAsLong();
        long paceAt = state.holes > 0 ? state.takeHole(now, maxWaitNanos) : NONE;
        while (paceAt == NONE) {
            now = nanoClock.getAsLong();
            long current = state.tat.get();
            long at = current == NONE || current - now < 0 ? now : current;
            if (at - now > maxWaitNanos) {
                return CompletableFuture.failedFuture(RtmLocalRateLimitException.of(quota.key(), Duration.ofNanos(at - now), maxWait));
            }
            if (state.tat.compareAndSet(current, at + state.intervalNanos)) {
                paceAt = at;
            }
        }
        LocalPermit permit = new LocalPermit(state, now, paceAt);
        long requestedAt = now;
        permit.future.whenComplete((p, e) -> {
            if (e != null) {
                permit.abandon(); // cancelled, or refused at maxWait: give back what it holds
            }
        });
        long delay = paceAt - now;
        if (delay <= 0) {
            permit.paceReached();
        } else {
            permit.paceTask = scheduling.schedule(permit::paceReached, delay);
        }
        if (!permit.future.isDone()) {
            ScheduledFuture<?> timeout = scheduling.schedule(() -> permit.future.completeExceptionally(
                    RtmLocalRateLimitException.of(quota.key(), Duration.ofNanos(nanoClock.getAsLong() - requestedAt), maxWait)),
                    maxWaitNanos);
            permit.future.whenComplete((p, e) -> timeout.cancel(false));
        }
        return permit.future;
    }

    @Override
    public void penalize(Quota quota, Duration retryAfter) {
        if (retryAfter.isNegative() || retryAfter.isZero()) {
            return; // nothing to wait for: never move the schedule backwards
        }
        KeyState state = state(quota);
        long until = nanoClock.getAsLong() + saturatedNanos(retryAfter);
        state.tat.getAndUpdate(current -> current == NONE || current - until < 0 ? until : current);
        state.dropHolesBefore(until);
    }

    private KeyState state(Quota quota) {
        KeyState state = keys.get(quota.key());
        return state != null ? state : keys.computeIfAbsent(quota.key(), k -> new KeyState(quota));
    }

    /** The pacing interval of the quota's key (tests). */
    long intervalNanos(Quota quota) {
        return state(quota).intervalNanos;
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 4;
        }
    }

    /** One quota key: the pacing TAT, slots given back, and the guard's bookkeeping. */
    private final class KeyState {
        final AtomicLong tat = new AtomicLong(NONE);
        final long intervalNanos;
        final long windowNanos;
        final int capacity;
        /** Pace slots given back, earliest first. Guarded by this. */
        private final PriorityQueue<Long> returned = new PriorityQueue<>();
        /** How many slots were given back (read without the lock: most acquires find none). */
        volatile int holes;
        /** Guard: permits granted whose attempt is not over. Guarded by this. */
        private int held;
        /** Guard: when each permit whose attempt ended (having maybe reached the service) stops counting. Guarded by this. */
        private final ArrayDeque<Long> cooling = new ArrayDeque<>();
        /** Guard: permits past their pace time waiting for room, in order. Guarded by this. */
        private final ArrayDeque<LocalPermit> waiting = new ArrayDeque<>();
        private boolean checkScheduled;

        KeyState(Quota quota) {
            this.windowNanos = quota.window().toNanos();
            this.intervalNanos = (long) Math.ceil((double) windowNanos / quota.permits() * (1 + safetyMargin));
            this.capacity = quota.permits();
        }

        /** The earliest slot given back that is still ahead and within the wait, taking it; {@link #NONE} if none. */
        synchronized long takeHole(long now, long maxWaitNanos) {
            Long slot;
            while ((slot = returned.peek()) != null && slot - now < 0) {
                returned.poll(); // in the past: whoever came since has already been paced past it
            }
            if (slot == null || slot - now > maxWaitNanos) {
                holes = returned.size();
                return NONE;
            }
            returned.poll();
            holes = returned.size();
            return slot;
        }

        synchronized void giveBack(long slot) {
            if (slot - nanoClock.getAsLong() > 0) {
                returned.add(slot);
                holes = returned.size();
            }
        }

        synchronized void dropHolesBefore(long until) {
            while (!returned.isEmpty() && returned.peek() - until < 0) {
                returned.poll();
            }
            holes = returned.size();
        }

        /** Whether the guard has room at {@code now} (drops permits that stopped counting). Guarded by this. */
        private boolean room(long now) {
            while (!cooling.isEmpty() && cooling.peekFirst() - now <= 0) {
                cooling.pollFirst();
            }
            return held + cooling.size() < capacity;
        }

        /** Grants waiting permits while there is room; schedules a check for when the next one may go. Guarded by this. */
        private void drain(long now, List<LocalPermit> granted) {
            while (!waiting.isEmpty() && room(now)) {
                LocalPermit p = waiting.pollFirst();
                p.status = LocalPermit.GRANTED;
                held++;
                granted.add(p);
            }
            if (!waiting.isEmpty() && !checkScheduled && !cooling.isEmpty()) {
                checkScheduled = true;
                scheduling.schedule(this::check, cooling.peekFirst() - now);
            }
        }

        private void check() {
            List<LocalPermit> granted = new ArrayList<>(1);
            synchronized (this) {
                checkScheduled = false;
                drain(nanoClock.getAsLong(), granted);
            }
            grantAll(granted);
        }
    }

    private static void grantAll(List<LocalPermit> granted) {
        for (LocalPermit p : granted) {
            p.grant();
        }
    }

    private final class LocalPermit implements Permit {
        static final int PACING = 0;
        static final int WAITING = 1;
        static final int GRANTED = 2;
        static final int DONE = 3;

        final KeyState state;
        final long requestedAt;
        final long paceAt;
        final CompletableFuture<Permit> future = new CompletableFuture<>();
        volatile ScheduledFuture<?> paceTask;
        int status = PACING;              // guarded by state
        private volatile Duration waited = Duration.ZERO;

        LocalPermit(KeyState state, long requestedAt, long paceAt) {
            this.state = state;
            this.requestedAt = requestedAt;
            this.paceAt = paceAt;
        }

        /** Its pace slot arrived: granted now if the guard has room, else it waits in line. */
        void paceReached() {
            if (!strictWindow) {
                synchronized (state) {
                    if (status != PACING) {
                        return;
                    }
                    status = GRANTED;
                }
                grant();
                return;
            }
            List<LocalPermit> granted = new ArrayList<>(1);
            synchronized (state) {
                if (status != PACING) {
                    return; // abandoned meanwhile
                }
                status = WAITING;
                state.waiting.addLast(this);
                state.drain(nanoClock.getAsLong(), granted);
            }
            grantAll(granted);
        }

        void grant() {
            waited = Duration.ofNanos(Math.max(0, nanoClock.getAsLong() - requestedAt));
            future.complete(this); // if it was cancelled meanwhile, abandon() has given the permit back
        }

        /** The caller gave up (or was refused at its maximum wait): give back its pace slot or its place. */
        void abandon() {
            List<LocalPermit> granted = new ArrayList<>(0);
            long slot = NONE;
            synchronized (state) {
                switch (status) {
                    case PACING -> slot = paceAt;
                    case WAITING -> state.waiting.remove(this);
                    case GRANTED -> {
                        state.held--;
                        state.drain(nanoClock.getAsLong(), granted);
                    }
                    default -> { }
                }
                status = DONE;
            }
            ScheduledFuture<?> task = paceTask;
            if (task != null) {
                task.cancel(false);
            }
            if (slot != NONE) {
                state.giveBack(slot);
            }
            grantAll(granted);
        }

        @Override
        public Duration waited() {
            return waited;
        }

        @Override
        public void release(boolean mayHaveReachedService) {
            List<LocalPermit> granted = new ArrayList<>(0);
            synchronized (state) {
                if (status != GRANTED) {
                    return;
                }
                status = DONE;
                if (!strictWindow) {
                    return;
                }
                state.held--;
                long now = nanoClock.getAsLong();
                if (mayHaveReachedService) {
                    state.cooling.addLast(now + state.windowNanos); // counted by the service: holds its place one window more
                }
                state.drain(now, granted);
            }
            grantAll(granted);
        }
    }

    @Override
    public String toString() {
        return "LocalRateLimiter{safetyMargin=" + safetyMargin + ", strictWindow=" + strictWindow + '}';
    }
}
