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
 *   <li><b>Sliding-window guard</b> (optional, on by default): the service counts a call when it receives it, some
 *       unknown time after the call left, and pacing alone puts {@code permits + 1} calls into one of the service's
 *       windows as soon as one call is delayed more than the next. The guard holds each permit from its grant
 *       {@code g} until one window after the latest moment the service can have counted it, and grants a permit only
 *       while fewer than {@code permits} are held. That moment is {@code min(end of the attempt, g + spread)}: the end
 *       of the attempt is a proof (nothing is counted after its response), {@code g + spread} is the documented
 *       assumption that the delay from a grant to the service counting the call varies by at most {@code spread}
 *       between calls (a delay common to all calls, however long, does not matter). Proof: if {@code k} calls are
 *       counted in one window, the last of them to be granted was granted while the other {@code k - 1} were held,
 *       so {@code k <= permits}. With an unbounded spread the guard keys on responses only (provable whatever the
 *       network does, but slow calls then cap the rate at {@code permits / (window + latency)}); with a spread
 *       {@code J} the rate is capped at {@code permits / (window + min(latency, J))} instead. A 429 means the
 *       assumption failed (or someone else spends the quota): {@link #penalize} then also doubles the key's spread
 *       (at least 50 ms, at most one window) until no 429 came for {@link #RECOVERY}.</li>
 * </ol>
 * Waiting is a scheduled completion, never a sleeping thread. Clock and scheduling are injectable. Thread-safe.
 */
final class LocalRateLimiter implements RateLimiter {

    private static final long NONE = Long.MIN_VALUE;
    /** A spread this large means "no assumption": each permit is held until one window after its attempt ended. */
    static final long UNBOUNDED = Long.MAX_VALUE / 4;
    /** How long a spread widened by 429s stays widened after the last one. */
    static final Duration RECOVERY = Duration.ofSeconds(60);
    private static final long MIN_WIDENED_SPREAD = 50_000_000L;

    private final double safetyMargin;
    private final boolean strictWindow;
    private final long spreadNanos;
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
        this(config.safetyMargin(), config.strictWindow(), config.arrivalSpread(), System::nanoTime, scheduler::schedule);
    }

    /** A limiter with explicit settings whose guard keys on responses only (no assumption on the spread). */
    LocalRateLimiter(double safetyMargin, boolean strictWindow, LongSupplier nanoClock, Scheduling scheduling) {
        this(safetyMargin, strictWindow, null, nanoClock, scheduling);
    }

    /**
     * A limiter with explicit settings.
     *
     * @param safetyMargin  how much wider than {@code window / permits} calls are spaced (0.005 = 0.5%)
     * @param strictWindow  whether the sliding-window guard is on
     * @param arrivalSpread how much the delay from a grant to the service counting the call may vary between calls;
     *                      null (or anything from {@link #UNBOUNDED} nanoseconds up) for no assumption
     */
    LocalRateLimiter(double safetyMargin, boolean strictWindow, Duration arrivalSpread, LongSupplier nanoClock,
                     Scheduling scheduling) {
        if (!(safetyMargin >= 0)) {
            throw new IllegalArgumentException("safetyMargin must not be negative: " + safetyMargin);
        }
        if (arrivalSpread != null && arrivalSpread.isNegative()) {
            throw new IllegalArgumentException("arrivalSpread must not be negative: " + arrivalSpread);
        }
        this.safetyMargin = safetyMargin;
        this.strictWindow = strictWindow;
        this.spreadNanos = arrivalSpread == null ? UNBOUNDED : Math.min(UNBOUNDED, saturatedNanos(arrivalSpread));
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
        state.widenSpread(nanoClock.getAsLong());
    }

    private KeyState state(Quota quota) {
        KeyState state = keys.get(quota.key());
        return state != null ? state : keys.computeIfAbsent(quota.key(), k -> new KeyState(quota));
    }

    /** The pacing interval of the quota's key (tests). */
    long intervalNanos(Quota quota) {
        return state(quota).intervalNanos;
    }

    /** The spread the guard assumes now for the quota's key, in nanoseconds (tests, diagnostics). */
    long spreadNanos(Quota quota) {
        KeyState state = state(quota);
        synchronized (state) {
            return state.spread(nanoClock.getAsLong());
        }
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
        /**
         * Guard: permits granted and still counted until their cap ({@code grant + spread + window}), in grant order;
         * entries released meanwhile are skipped when they reach the head. Guarded by this.
         */
        private final ArrayDeque<LocalPermit> open = new ArrayDeque<>();
        /** Guard: how many permits of {@link #open} still count there. Guarded by this. */
        private int openCount;
        /** Guard: when each permit released before its cap (maybe counted by the service) stops counting, in order. Guarded by this. */
        private final ArrayDeque<Long> cooling = new ArrayDeque<>();
        /** Guard: permits past their pace time waiting for room, in order. Guarded by this. */
        private final ArrayDeque<LocalPermit> waiting = new ArrayDeque<>();
        private boolean checkScheduled;
        /** The spread assumed while 429s keep coming (0 = the configured one). Guarded by this. */
        private long widenedSpread;
        private long lastPenaltyAt;

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

        /** The spread assumed for a permit granted at {@code now}. Guarded by this. */
        long spread(long now) {
            if (widenedSpread != 0 && now - lastPenaltyAt >= RECOVERY.toNanos()) {
                widenedSpread = 0; // no 429 for a while: back to the configured assumption
            }
            return widenedSpread != 0 ? widenedSpread : spreadNanos;
        }

        /** A 429: the assumption failed (or another client spends the quota); assume twice the spread for a while. */
        synchronized void widenSpread(long now) {
            long current = spread(now);
            if (current < UNBOUNDED) {
                widenedSpread = Math.min(windowNanos, Math.max(MIN_WIDENED_SPREAD, 2 * current));
                if (widenedSpread <= spreadNanos) {
                    widenedSpread = 0; // the configured spread is already as wide
                }
            }
            lastPenaltyAt = now;
        }

        /** Whether the guard has room at {@code now} (drops permits that stopped counting). Guarded by this. */
        private boolean room(long now) {
            LocalPermit head;
            while ((head = open.peekFirst()) != null) {
                if (head.status == LocalPermit.DONE) {
                    open.pollFirst(); // released before its cap: counted in cooling, or never reached the service
                } else if (head.capAt != NONE && head.capAt - now <= 0) {
                    open.pollFirst(); // past its cap: the service counted it at least one window ago
                    openCount--;
                    head.status = LocalPermit.DONE;
                } else {
                    break;
                }
            }
            while (!cooling.isEmpty() && cooling.peekFirst() - now <= 0) {
                cooling.pollFirst();
            }
            return openCount + cooling.size() < capacity;
        }

        /** Grants waiting permits while there is room; schedules a check for when the next one may go. Guarded by this. */
        private void drain(long now, List<LocalPermit> granted) {
            while (!waiting.isEmpty() && room(now)) {
                LocalPermit p = waiting.pollFirst();
                p.status = LocalPermit.GRANTED;
                p.grantedAt = now;
                long spread = spread(now);
                p.spreadEndsAt = spread >= UNBOUNDED ? NONE : now + spread;
                p.capAt = spread >= UNBOUNDED ? NONE : now + spread + windowNanos;
                open.addLast(p);
                openCount++;
                granted.add(p);
            }
            if (!waiting.isEmpty() && !checkScheduled) {
                long next = nextExpiry();
                if (next != NONE) {
                    checkScheduled = true;
                    scheduling.schedule(this::check, next - now);
                }
            }
        }

        /** The earliest time a counted permit stops counting, {@link #NONE} if only releases can free room. Guarded by this. */
        private long nextExpiry() {
            long next = NONE;
            if (!cooling.isEmpty()) {
                next = cooling.peekFirst();
            }
            for (LocalPermit p : open) {
                if (p.status != LocalPermit.DONE) {
                    if (p.capAt != NONE && (next == NONE || p.capAt - next < 0)) {
                        next = p.capAt;
                    }
                    break; // room() frees caps from the head only (a narrowed spread makes later caps earlier: conservative)
                }
            }
            return next;
        }

        /** Releases a granted permit at {@code now}. Guarded by this. */
        private void release(LocalPermit p, boolean mayHaveReachedService, long now) {
            if (p.status != LocalPermit.GRANTED) {
                return; // already released, or past its cap
            }
            if (mayHaveReachedService && p.spreadEndsAt != NONE && now - p.spreadEndsAt >= 0) {
                p.status = LocalPermit.RELEASED; // counted by the service by its spread's end: stays until its cap
                return;
            }
            p.status = LocalPermit.DONE;
            openCount--;
            if (mayHaveReachedService) {
                cooling.addLast(now + windowNanos); // counted by the service by now: holds its place one window more
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
        /** Counted by the guard, attempt running. */
        static final int GRANTED = 2;
        /** Counted by the guard until its cap, attempt over. */
        static final int RELEASED = 3;
        /** Not counted (any more). */
        static final int DONE = 4;

        final KeyState state;
        final long requestedAt;
        final long paceAt;
        final CompletableFuture<Permit> future = new CompletableFuture<>();
        volatile ScheduledFuture<?> paceTask;
        int status = PACING;              // guarded by state
        long grantedAt;                   // guarded by state
        /** When the assumed spread after its grant ends ({@link #NONE}: unbounded). Guarded by state. */
        long spreadEndsAt;
        /** When it stops counting even if its attempt is still running ({@link #NONE}: never). Guarded by state. */
        long capAt;
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
                        state.release(this, false, nanoClock.getAsLong()); // never used: it reached nothing
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
                if (!strictWindow) {
                    if (status == GRANTED) {
                        status = DONE;
                    }
                    return;
                }
                long now = nanoClock.getAsLong();
                state.release(this, mayHaveReachedService, now);
                state.drain(now, granted);
            }
            grantAll(granted);
        }
    }

    @Override
    public String toString() {
        return "LocalRateLimiter{safetyMargin=" + safetyMargin + ", strictWindow=" + strictWindow
                + (strictWindow ? ", arrivalSpread=" + (spreadNanos >= UNBOUNDED ? "unbounded" : Duration.ofNanos(spreadNanos)) : "")
                + '}';
    }
}
