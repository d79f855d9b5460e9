package io.rtm.core.internal;

import io.rtm.core.RateLimit;
import io.rtm.core.error.RtmLocalRateLimitException;
import io.rtm.core.spi.Quota;
import io.rtm.core.spi.RateLimiter;
import io.rtm.core.spi.ReplyEvidence;
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
 *       windows as soon as one call is delayed more than the next. The guard holds each permit from its grant {@code g}
 *       and grants a permit only while fewer than {@code permits} are held. Proof of what it must hold: if {@code k}
 *       calls are counted in one window, the last of them to be granted was granted while each earlier one {@code i}
 *       was still held, provided {@code i} is held until {@code g_i + window + (d_i - d_min)}, where {@code d} is a
 *       call's delay from grant to being counted; so {@code k <= permits}. What is known of {@code d_i - d_min}:
 *       <ul>
 *         <li>proof: at most the reply's latency {@code L_i} (nothing is counted after its reply), so holding until one
 *             window after the reply is always safe — but slow replies then cap the rate at {@code permits / (window +
 *             L)};</li>
 *         <li>evidence: a reply later than the fastest reply of the last 5-10 s ({@code floor}) may have been late on its
 *             way in by as much, so a released permit is held until {@code g + window + min(L, max(spread, L -
 *             floor))} — a stall on the way in shows in the replies and holds those calls longer. While replies come
 *             within a window a running call counts until its reply, so the evidence is never too
 *             late (at most two windows and the spread: a reply that never comes stops counting then);</li>
 *         <li>assumption ({@code arrivalSpread}, the documented one): calls otherwise differ by at most {@code spread};
 *             when replies take longer than a window, a running call stops counting at {@code g + window + max(spread,
 *             lateness seen lately)}; a {@code wait_for_ack} reply (which waits for the receiver after the service
 *             counted the call) gives no evidence, so such calls stop counting at {@code g + window + min(L,
 *             spread)}.</li>
 *       </ul>
 *       With an unbounded spread only the proof is used. A 429 means the assumption failed (or someone else spends the
 *       quota): {@link #penalize} then also doubles the key's spread (at least 50 ms, at most one window) until no 429
 *       came for {@link #RECOVERY}.</li>
 * </ol>
 * Waiting is a scheduled completion, never a sleeping thread. Clock and scheduling are injectable. Thread-safe.
 */
final class LocalRateLimiter implements RateLimiter {

    private static final long NONE = Long.MIN_VALUE;
    /** A cap or expiry that never comes. */
    private static final long NEVER = Long.MAX_VALUE;
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
        return acquire(quota, maxWait, false);
    }

    @Override
    public CompletableFuture<Permit> acquire(Quota quota, Duration maxWait, boolean replyWaitsAfterCount) {
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
        LocalPermit permit = new LocalPermit(state, now, paceAt, replyWaitsAfterCount);
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
        long now = nanoClock.getAsLong();
        long until = now + saturatedNanos(retryAfter);
        state.tat.getAndUpdate(current -> current == NONE || current - until < 0 ? until : current);
        state.dropHolesBefore(until);
        state.penalize(now, until);
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
        /** Guard: permits granted whose attempt is running and which still count, earliest cap first. Guarded by this. */
        private final PriorityQueue<LocalPermit> open = new PriorityQueue<>((a, b) -> Long.compare(a.capAt, b.capAt));
        /** Guard: released permits (maybe counted by the service) until they stop counting, earliest first. Guarded by this. */
        private final PriorityQueue<Cooling> cooling = new PriorityQueue<>((a, b) -> Long.compare(a.until, b.until));
        /** Guard: what replies told lately (their latency floor and lateness). Guarded by this. */
        private final ReplyEvidence evidence = new ReplyEvidence();
        /** Guard: permits past their pace time waiting for room, in order. Guarded by this. */
        private final ArrayDeque<LocalPermit> waiting = new ArrayDeque<>();
        private boolean checkScheduled;
        /** The spread assumed while 429s keep coming (0 = the configured one). Guarded by this. */
        private long widenedSpread;
        private long lastPenaltyAt;
        private long lastWidenedAt = NONE;
        /** No permit is granted before this (a 429's Retry-After), reserved ones included; NONE when none. Guarded by this. */
        private long penaltyUntil = NONE;

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

        /**
         * A 429 until {@code until}: nothing more is granted before then, permits already paced included (they would
         * only meet 429s); and since the assumption failed (or another client spends the quota), assume twice the
         * spread until a minute passes without a 429 (once per window: one overfilled window answers many calls 429).
         */
        synchronized void penalize(long now, long until) {
            if (penaltyUntil == NONE || penaltyUntil - until < 0) {
                penaltyUntil = until;
            }
            long current = spread(now);
            if (current < UNBOUNDED && (lastWidenedAt == NONE || now - lastWidenedAt >= windowNanos)) {
                widenedSpread = Math.min(windowNanos, Math.max(MIN_WIDENED_SPREAD, 2 * current));
                if (widenedSpread <= spreadNanos) {
                    widenedSpread = 0; // the configured spread is already as wide
                }
                lastWidenedAt = now;
            }
            lastPenaltyAt = now;
        }

        /** Whether the guard has room at {@code now} (drops permits that stopped counting). Guarded by this. */
        private boolean room(long now) {
            LocalPermit head;
            while ((head = open.peek()) != null && head.capAt - now <= 0) {
                open.poll(); // past its cap while still running: taken as counted over one window ago (see release)
                head.status = LocalPermit.EXPIRED;
            }
            while (!cooling.isEmpty() && cooling.peek().until - now <= 0) {
                cooling.poll();
            }
            return open.size() + cooling.size() < capacity;
        }

        /** Grants waiting permits while there is room; schedules a check for when the next one may go. Guarded by this. */
        private void drain(long now, List<LocalPermit> granted) {
            if (penaltyUntil != NONE) {
                if (now - penaltyUntil < 0) {
                    if (!waiting.isEmpty() && !checkScheduled) {
                        checkScheduled = true;
                        scheduling.schedule(this::check, penaltyUntil - now);
                    }
                    return;
                }
                penaltyUntil = NONE;
            }
            if (!strictWindow) {
                while (!waiting.isEmpty()) {
                    LocalPermit p = waiting.pollFirst();
                    p.status = LocalPermit.GRANTED; // no guard: nothing to count
                    granted.add(p);
                }
                return;
            }
            while (!waiting.isEmpty() && room(now)) {
                LocalPermit p = waiting.pollFirst();
                p.status = LocalPermit.GRANTED;
                p.grantedAt = now;
                p.capAt = cap(p, now);
                open.add(p);
                granted.add(p);
            }
            if (!waiting.isEmpty() && !checkScheduled) {
                long next = nextExpiry();
                if (next != NEVER) {
                    checkScheduled = true;
                    scheduling.schedule(this::check, next - now);
                }
            }
        }

        /**
         * When a permit granted now stops counting if its attempt is still running: one window and the spread after its
         * grant, since by the assumption it was counted by then. While replies come within a window, a reply not back by
         * then is late, and its reply will tell how late (see {@link #release}): such permits wait one window longer for
         * it (a reply that never comes stops counting then). Without an assumption, never.
         */
        private long cap(LocalPermit p, long now) {
            long spread = spread(now);
            return spread >= UNBOUNDED ? NEVER : now + evidence.runningHoldNanos(now, spread, windowNanos, p.replyWaitsAfterCount);
        }

        /** The earliest time a counted permit stops counting, {@link #NEVER} if only releases can free room. Guarded by this. */
        private long nextExpiry() {
            long next = NEVER;
            if (!cooling.isEmpty()) {
                next = cooling.peek().until;
            }
            LocalPermit head = open.peek();
            if (head != null && head.capAt != NEVER && (next == NEVER || head.capAt - next < 0)) {
                next = head.capAt;
            }
            return next;
        }

        /**
         * Releases a granted permit at {@code now}: its attempt is over. Guarded by this.
         *
         * <p>A call that may have reached the service is held until one window after the latest moment it can have been
         * counted, relative to the others: a reply {@code L} after the grant proves it was counted by then, and a reply
         * later than the fastest reply seen lately ({@code floor}) may have been late on its way in by as much; within
         * the spread, replies are taken as on time. So it stops counting at {@code grant + window + min(L, max(spread,
         * L - floor))}. A reply that waited for a receiver's ack tells nothing of the way in: {@code min(L, spread)}.
         */
        private void release(LocalPermit p, boolean mayHaveReachedService, long now) {
            release(p, mayHaveReachedService, mayHaveReachedService ? 200 : 0, now);
        }

        /** {@link #release(LocalPermit, boolean, long)}, learning from the reply's time only when it was a success. */
        private void release(LocalPermit p, boolean mayHaveReachedService, int replyStatus, long now) {
            int was = p.status;
            if (was != LocalPermit.GRANTED && was != LocalPermit.EXPIRED) {
                return; // already released
            }
            p.status = LocalPermit.DONE;
            if (!strictWindow) {
                return; // no guard: nothing was counted
            }
            if (was == LocalPermit.GRANTED) {
                open.remove(p);
            }
            if (!mayHaveReachedService) {
                return;
            }
            long latency = now - p.grantedAt;
            long spread = spread(now);
            long floorBefore = evidence.floorNanos(now);
            boolean success = replyStatus >= 200 && replyStatus < 300;
            long counted = spread >= UNBOUNDED ? latency
                    : success || p.replyWaitsAfterCount ? evidence.countedAfter(latency, now, spread, p.replyWaitsAfterCount)
                    : evidence.countedAfter(latency, spread); // by what is known, without learning from an odd reply
            long until = p.grantedAt + windowNanos + counted;
            if (until - now > 0) {
                cooling.add(new Cooling(until, p.grantedAt, latency, p.replyWaitsAfterCount));
            }
            long floorAfter = evidence.floorNanos(now);
            if (spread < UNBOUNDED && floorBefore >= 0 && floorAfter < floorBefore) {
                extendCooling(spread); // a faster reply: those released against the old floor may have been later
            }
        }

        /** Re-reads the holds of released permits still counting against the floor as it is now (they only grow). */
        private void extendCooling(long spread) {
            List<Cooling> all = new ArrayList<>(cooling);
            cooling.clear();
            for (Cooling c : all) {
                if (!c.replyWaitsAfterCount) {
                    c.until = Math.max(c.until, c.grantedAt + windowNanos + evidence.countedAfter(c.latency, spread));
                }
                cooling.add(c);
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

    /** A released permit that still counts until {@code until}. Guarded by its key's lock. */
    private static final class Cooling {
        long until;
        final long grantedAt;
        final long latency;
        final boolean replyWaitsAfterCount;

        Cooling(long until, long grantedAt, long latency, boolean replyWaitsAfterCount) {
            this.until = until;
            this.grantedAt = grantedAt;
            this.latency = latency;
            this.replyWaitsAfterCount = replyWaitsAfterCount;
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
        /** Past its cap while its attempt still runs: no longer counted, unless its reply says otherwise. */
        static final int EXPIRED = 3;
        /** Released (counted in cooling, or not at all). */
        static final int DONE = 4;

        final KeyState state;
        final long requestedAt;
        final long paceAt;
        final boolean replyWaitsAfterCount;
        final CompletableFuture<Permit> future = new CompletableFuture<>();
        volatile ScheduledFuture<?> paceTask;
        int status = PACING;              // guarded by state
        long grantedAt;                   // guarded by state
        /** When it stops counting even if its attempt is still running ({@link #NEVER}: never). Guarded by state. */
        long capAt;
        private volatile Duration waited = Duration.ZERO;

        LocalPermit(KeyState state, long requestedAt, long paceAt, boolean replyWaitsAfterCount) {
            this.state = state;
            this.requestedAt = requestedAt;
            this.paceAt = paceAt;
            this.replyWaitsAfterCount = replyWaitsAfterCount;
        }

        /** Its pace slot arrived: granted now if the guard has room and no 429 pauses the quota, else it waits in line. */
        void paceReached() {
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
            release(mayHaveReachedService, mayHaveReachedService ? 200 : 0);
        }

        @Override
        public void release(boolean mayHaveReachedService, int replyStatus) {
            List<LocalPermit> granted = new ArrayList<>(0);
            synchronized (state) {
                long now = nanoClock.getAsLong();
                state.release(this, mayHaveReachedService, replyStatus, now);
                if (strictWindow) {
                    state.drain(now, granted);
                }
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
