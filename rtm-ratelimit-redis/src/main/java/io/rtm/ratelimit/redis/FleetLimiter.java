package io.rtm.ratelimit.redis;

import io.lettuce.core.RedisCommandTimeoutException;
import io.rtm.core.error.RtmConfigurationException;
import io.rtm.core.error.RtmLocalRateLimitException;
import io.rtm.core.spi.Quota;
import io.rtm.core.spi.RateLimiter;
import io.rtm.core.spi.ReplyEvidence;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet limiter's core: {@code acquire(quota, maxWait)} and {@code penalize(quota, retryAfter)} on one Redis key per
 * quota key, paced by the quota the caller passes (see {@link Pace}).
 *
 * <p>An acquire reserves its slot in Redis with one script run (GCRA on Redis {@code TIME}); the reply says how
 * far away the slot is, and the permit is granted on this process's monotonic clock when the slot comes: the
 * caller's thread returns at once and a timer completes the future, so no thread waits. Only differences of the
 * local clock are used (a reply's round trip, the delay until the slot), so the processes' clocks may disagree.
 *
 * <p>The lateness rule: the slot cannot have been earlier than {@code sent + wait} on the local clock; a permit
 * that cannot be granted within {@code maxLateness} of that (a GC pause, a late timer, a slow reply) is not
 * granted late into a later window: its slot is given up (its guard place too) and a new one reserved, for as long as
 * the caller's wait allows. Together with the pace's margin this bounds every one-second window at the service (see
 * {@link Pace}).
 *
 * <p>The window guard (on by default): each reservation also takes a place in the quota's guard in Redis, a sorted
 * set of the permits the fleet holds scored by when each stops counting; a slot goes only where fewer than the quota's
 * permits still count, else it moves to where enough of them end. A permit counts from its slot while its attempt runs
 * (at most {@link ReplyEvidence#runningHoldNanos}) and, once released, until one window after the latest moment the
 * service can have counted it ({@link ReplyEvidence#countedAfter}, measured from its slot: lateness on this side
 * counts too): the local limiter's sliding-window guard, across the fleet. A second round trip per permit (the
 * release), never waited for.
 *
 * <p>When Redis fails or does not answer within the round-trip timeout, the limiter logs once, follows its
 * {@link FailurePolicy}, and probes Redis every probe interval (jittered, so a fleet does not probe in step)
 * until it answers; it then charges the local grants of the last second to the shared quota and moves the acquires
 * still waiting locally back to Redis.
 */
final class FleetLimiter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RedisRateLimiter.class);
    /** After this many slots given up in a row, the limiter says so (DEBUG: each one; WARN once per outage-free spell). */
    static final int MAX_LATE_SLOTS = 3;
    /** The least a cold process's running permit counts after its slot, in windows (see send). */
    static final int COLD_START_HOLD_WINDOWS = 4;
    /**
     * Round trips in flight at once; more acquires queue here. A burst of thousands of acquires pipelined at once would
     * make each reply wait behind all the others, back past its slot; queued, each round trip stays short.
     */
    static final int MAX_IN_FLIGHT = 32;
    /** Replies too slow to time a slot for this long count as an outage. */
    static final long SLOW_OUTAGE_NANOS = 1_000_000_000L;
    private static final AtomicInteger IDS = new AtomicInteger();

    private final Settings settings;
    private final LongSupplier clock;
    private final RedisLink link;
    private final ScheduledThreadPoolExecutor executor;
    private final GcraScripts scripts;
    private final LocalFallback fallback;
    private final Counters counters = new Counters();
    /** The pace of each quota seen, its burst fitted to the margin (see {@link Pace#of}). */
    private final Map<Quota, Pace> paces = new ConcurrentHashMap<>();
    private final RedisClock redisClock = new RedisClock();
    /** Per key, the local time up to which this process holds Redis slots (seeds the fallback's pace). */
    private final Map<String, Long> reservedUntil = new ConcurrentHashMap<>();
    /** Per key, what replies told this process and the permits it released lately (the window guard); each guarded by itself. */
    private final Map<String, KeyGuard> guards = new ConcurrentHashMap<>();
    /** Names this process's permits in the guards: unique across the fleet. */
    private final String memberPrefix = Long.toString(ProcessHandle.current().pid(), 36) + "-"
            + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36) + "-";
    private final java.util.concurrent.atomic.AtomicLong members = new java.util.concurrent.atomic.AtomicLong();
    private final Set<Request> pending = ConcurrentHashMap.newKeySet();
    private final Object gate = new Object();
    private final java.util.ArrayDeque<Queued> queued = new java.util.ArrayDeque<>(); // guarded by gate
    private int inFlight; // guarded by gate: round trips to Redis not yet answered
    private final AtomicBoolean degraded = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile long outageStartNanos;
    /** When a reply last came back fast enough to time its slot: replies too slow for longer are an outage. */
    private volatile long lastTimelyReplyNanos;

    FleetLimiter(Settings settings, RedisLink link) {
        this.settings = settings;
        this.clock = settings.nanoClock();
        this.link = link;
        int id = IDS.incrementAndGet();
        this.executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "rtm-redis-limiter-" + id);
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.scripts = new GcraScripts(link, executor, settings.roundTripTimeoutNanos());
        this.fallback = new LocalFallback(settings, executor, counters);
    }

    /**
     * Connects and runs the script once (Redis caches it, the code paths warm up), waiting at most {@code timeout};
     * when that fails the limiter starts on its failure policy and probes.
     */
    void start(Duration timeout) {
        try {
            link.connect().thenCompose(v -> scripts.reserve(redisKey("probe"), Pace.PROBE, 0, 0, 0))
                    .get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            lastTimelyReplyNanos = clock.getAsLong();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            redisFailed(e);
        } catch (java.util.concurrent.ExecutionException e) {
            redisFailed(e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            redisFailed(e);
        }
    }

    /** Reserves one permit of the quota; never blocks. */
    CompletableFuture<RateLimiter.Permit> acquire(Quota quota, Duration maxWait) {
        return acquire(quota, maxWait, false);
    }

    /** Reserves one permit of the quota, for a call whose reply may wait after the service counted it; never blocks. */
    CompletableFuture<RateLimiter.Permit> acquire(Quota quota, Duration maxWait, boolean replyWaitsAfterCount) {
        Pace pace;
        try {
            pace = pace(quota);
        } catch (RtmConfigurationException e) {
            return CompletableFuture.failedFuture(e);
        }
        Request r = new Request(quota, pace, clock.getAsLong(), saturatedNanos(maxWait), replyWaitsAfterCount);
        pending.add(r);
        r.future.whenComplete((p, e) -> {
            pending.remove(r);
            if (r.future.isCancelled() && r.waiting != null) {
                r.waiting.cancel(false); // the caller gave up: stop the timer or the local wait
            }
            if (e != null) {
                giveUpPlace(r); // a slot reserved and never used: its guard place goes at once
            }
        });
        if (closed.get()) {
            r.future.completeExceptionally(closedError()); // close() may not have seen it
            return r.future;
        }
        submit(r, 0);
        return r.future;
    }

    /** The service answered 429 for the quota: no permit before {@code retryAfter} (capped), in the whole fleet. */
    void penalize(Quota quota, Duration retryAfter) {
        if (retryAfter == null || retryAfter.isNegative() || retryAfter.isZero() || closed.get()) {
            LOG.debug("ignored a penalty of {} for {}", retryAfter, quota.key());
            return;
        }
        Pace pace;
        try {
            pace = pace(quota);
        } catch (RtmConfigurationException e) {
            LOG.debug("ignored a penalty for {}: {}", quota.key(), e.getMessage());
            return;
        }
        long penalty = Math.min(saturatedNanos(retryAfter), settings.maxPenaltyNanos());
        counters.penalties.increment();
        fallback.penalize(quota, Duration.ofNanos(penalty));
        if (!degraded.get()) {
            scripts.penalize(redisKey(quota.key()), pace, penalty / 1000).whenComplete((v, error) -> {
                if (error != null) {
                    counters.redisFailures.increment();
                    redisFailed(unwrap(error));
                }
            });
        }
    }

    /** The pace of a quota, made on its first use (saying once when the configured burst does not fit it). */
    Pace pace(Quota quota) {
        Pace pace = paces.get(quota);
        return pace != null ? pace : paces.computeIfAbsent(quota, q -> {
            Pace made = settings.pace(q);
            if (made.burst() < settings.burst()) {
                LOG.warn("Fleet rate limiter: burst {} does not fit the quota {} (utilization {}, maxLateness {} ms); "
                        + "it gets a burst of {}", settings.burst(), q, settings.utilization(),
                        settings.maxLatenessNanos() / 1_000_000.0, made.burst());
            }
            return made;
        });
    }

    RedisRateLimiterStats stats() {
        return counters.snapshot(degraded.get());
    }

    boolean degraded() {
        return degraded.get();
    }

    private void submit(Request r, long leadNanos) {
        if (r.future.isDone()) {
            return;
        }
        if (degraded.get()) {
            redisUnavailable(r);
            return;
        }
        synchronized (gate) {
            if (inFlight >= MAX_IN_FLIGHT) {
                queued.add(new Queued(r, leadNanos));
                return;
            }
            inFlight++;
        }
        send(r, leadNanos);
    }

    /** One round trip; when it is over, the next queued acquire goes. */
    private void send(Request r, long leadNanos) {
        long sent = clock.getAsLong();
        CompletableFuture<GcraScripts.Reply> reserved;
        if (settings.windowGuard()) {
            String member = memberPrefix + members.incrementAndGet();
            r.reservedMember = member;
            long hold;
            KeyGuard g = guard(r.key);
            synchronized (g) {
                hold = g.evidence.runningHoldNanos(sent, settings.arrivalSpreadNanos(), r.quota.window().toNanos(),
                        r.replyWaitsAfterCount);
                if (cold(g, sent)) {
                    // a cold process's call can take most of a window to leave it (class loading, first connections, a
                    // starved CPU): until its reply tells, its place lasts COLD_START_HOLD_WINDOWS windows
                    hold = Math.max(hold, COLD_START_HOLD_WINDOWS * r.quota.window().toNanos());
                }
            }
            reserved = scripts.reserveGuarded(redisKey(r.key), r.pace, r.remainingNanos(sent) / 1000, leadNanos / 1000,
                    r.quota.permits(), hold / 1000, member);
        } else {
            reserved = scripts.reserve(redisKey(r.key), r.pace, r.remainingNanos(sent) / 1000, leadNanos / 1000, 1);
        }
        reserved.whenComplete((reply, error) -> {
                    try {
                        onReply(r, sent, reply, unwrap(error)); // first: a failure marks Redis down for the queued ones
                    } finally {
                        sendNext();
                    }
                });
    }

    private void sendNext() {
        while (true) {
            Queued next;
            synchronized (gate) {
                next = queued.poll();
                if (next == null) {
                    inFlight--;
                    return;
                }
            }
            if (next.request.future.isDone()) {
                continue; // cancelled or closed while queued
            }
            if (degraded.get()) {
                redisUnavailable(next.request);
                continue;
            }
            send(next.request, next.leadNanos);
            return;
        }
    }

    /** An acquire waiting for a round trip to Redis to be free. */
    private record Queued(Request request, long leadNanos) {
    }

    private void onReply(Request r, long sent, GcraScripts.Reply reply, Throwable error) {
        if (error != null) {
            counters.redisFailures.increment();
            redisFailed(error);
            redisUnavailable(r);
            return;
        }
        if (r.future.isDone()) {
            giveUpPlace(r); // cancelled or closed meanwhile: the slot is wasted, never over the quota
            return;
        }
        if (!reply.granted()) {
            r.reservedMember = null; // nothing was reserved
            counters.refusals.increment();
            r.future.completeExceptionally(refused(r, reply.waitMicros() * 1000));
            return;
        }
        long received = clock.getAsLong();
        long roundTrip = received - sent;
        redisClock.sample(sent, received, reply.redisNowMicros());
        long redisSlot = reply.redisNowMicros() + reply.waitMicros();
        RedisClock.Window slot = redisClock.local(redisSlot);
        reservedUntil.merge(r.key, slot.latest(), (a, b) -> a - b >= 0 ? a : b);
        long lateness = allowedLateness(r);
        if (received - slot.earliest() <= lateness) {
            lastTimelyReplyNanos = received;
        } else if (received - lastTimelyReplyNanos > SLOW_OUTAGE_NANOS) {
            // Redis answers, but for a while now too late to use any slot: as unusable as a Redis that does not answer
            RedisCommandTimeoutException slow = new RedisCommandTimeoutException("no reply from " + link.description()
                    + " came back in time to use its slot for " + SLOW_OUTAGE_NANOS / 1_000_000 + " ms; the last round trip took "
                    + roundTrip / 1_000_000 + " ms");
            counters.redisFailures.increment();
            redisFailed(slow);
        }
        // Without the guard, aim at the middle of where the slot can be on our clock (the pace's margin covers either
        // side); with it, at the latest: a call sent before its slot could be counted before places that end just
        // before the slot, which its reservation did not see. grant() checks the lateness either way.
        long delay = (settings.windowGuard() ? slot.latest() : slot.earliest() + (slot.latest() - slot.earliest()) / 2)
                - received;
        if (delay <= 0) {
            grant(r, slot, received, roundTrip, redisSlot);
        } else {
            r.waiting = executor.schedule(() -> grant(r, slot, received, roundTrip, redisSlot), delay, TimeUnit.NANOSECONDS);
            if (r.future.isDone()) {
                r.waiting.cancel(false);
            }
        }
    }

    private void grant(Request r, RedisClock.Window slot, long received, long roundTrip, long redisSlot) {
        long now = clock.getAsLong();
        long late = now - slot.earliest(); // the most this permit can be late: the slot was no earlier than that
        long lateness = allowedLateness(r);
        if (late <= lateness) {
            String member = r.reservedMember;
            r.reservedMember = null;
            FleetPermit permit = member == null ? FleetPermit.fromRedis(now - r.startNanos, redisSlot)
                    : FleetPermit.fromRedis(now - r.startNanos, redisSlot,
                            (mayHaveReached, status) -> releasePlace(r, member, slot.earliest(), redisSlot, mayHaveReached, status));
            if (!Counters.grant(r.future, permit, counters.redisGrants) && member != null) {
                giveUp(r.key, member); // cancelled at the last moment: never used
            }
            return;
        }
        // Not sent late into a later window: this slot is given up (wasted, never over the quota) and another reserved,
        // for as long as the caller's wait allows.
        counters.lateSlots.increment();
        giveUpPlace(r);
        LOG.debug("slot of {} not used: up to {} us late (round trip {} us)", r.key, late / 1000, roundTrip / 1000);
        if (++r.lateSlots == MAX_LATE_SLOTS) {
            LOG.debug("{} slots in a row for {} came and went before this process could use them (the last one up to {} ms "
                    + "late, more than maxLateness {} ms; Redis round trip {} ms)", MAX_LATE_SLOTS, r.key, late / 1_000_000,
                    lateness / 1_000_000, roundTrip / 1_000_000);
        }
        if (r.remainingNanos(now) > 0) {
            // the reply itself came too late for the slot: ask for one at least a round trip ahead
            boolean lateOnArrival = received - slot.earliest() > lateness;
            submit(r, lateOnArrival ? roundTrip : 0);
            return;
        }
        counters.refusals.increment();
        r.future.completeExceptionally(RtmLocalRateLimitException.of(r.key, "fleet rate limit: " + r.lateSlots + " slots for "
                + r.key + " came and went before this process could use them within the allowed wait of "
                + r.maxWaitNanos() / 1_000_000 + " ms (the last one up to " + late / 1_000_000 + " ms late, more than maxLateness "
                + lateness / 1_000_000 + " ms; Redis round trip " + roundTrip / 1_000_000
                + " ms): nothing was sent", Duration.ZERO));
    }

    /**
     * How late after its slot a permit may still be granted. Without the window guard, {@code maxLateness}: the pace's
     * margin is all that keeps windows within the quota. With it, half a window: a late grant is a call late on its
     * way to the service, which the guard covers by what its reply tells (latency is measured from the slot), as long
     * as its place still counts when it is sent (a running place counts at least one window after its slot).
     */
    private long allowedLateness(Request r) {
        return settings.windowGuard() ? Math.max(settings.maxLatenessNanos(), r.quota.window().toNanos() / 2)
                : settings.maxLatenessNanos();
    }

    /** Whether this process is still in its cold start for the key at {@code now} (see releasePlace); holds g's lock. */
    private boolean cold(KeyGuard g, long now) {
        long coldStart = settings.coldStartNanos();
        return coldStart > 0 && (g.firstReleaseNanos == 0 || now - g.firstReleaseNanos < coldStart);
    }

    private KeyGuard guard(String key) {
        KeyGuard g = guards.get(key);
        return g != null ? g : guards.computeIfAbsent(key, k -> new KeyGuard());
    }

    /** One quota key's window guard on this side: the evidence, and the permits released lately (their places may grow). */
    private static final class KeyGuard {
        final ReplyEvidence evidence = new ReplyEvidence();
        /** When this process released its first permit of the key that may have reached the service; 0 = not yet. */
        long firstReleaseNanos;
        final java.util.ArrayDeque<Released> recent = new java.util.ArrayDeque<>();
    }

    /** A permit released lately: its place ends at {@code endsAtMicros} unless a lower floor shows it was later. */
    private static final class Released {
        final String member;
        final long slotMicros;
        final long latencyNanos;
        final long releasedNanos;
        long endsAtMicros;

        Released(String member, long slotMicros, long latencyNanos, long releasedNanos, long endsAtMicros) {
            this.member = member;
            this.slotMicros = slotMicros;
            this.latencyNanos = latencyNanos;
            this.releasedNanos = releasedNanos;
            this.endsAtMicros = endsAtMicros;
        }
    }

    /**
     * A Redis permit's attempt is over: it counts in the guard until one window after the latest moment the service can
     * have counted it, from what its reply tells ({@link ReplyEvidence}), measured from its slot; not at all when it
     * provably never reached the service. Fire and forget: if this round trip fails, its place ends when its running hold
     * does. A reply faster than any lately also extends the places of the permits released against the old floor.
     */
    private void releasePlace(Request r, String member, long slotLocalNanos, long redisSlotMicros, boolean mayHaveReached,
                              int replyStatus) {
        if (closed.get()) {
            return;
        }
        if (!mayHaveReached) {
            sendRelease(r.key, member, -1);
            return;
        }
        long now = clock.getAsLong();
        long window = r.quota.window().toNanos();
        long spread = settings.arrivalSpreadNanos();
        long latency = Math.max(0, now - slotLocalNanos);
        List<Released> extended = new java.util.ArrayList<>(0);
        long endsAt;
        KeyGuard g = guard(r.key);
        synchronized (g) {
            if (g.firstReleaseNanos == 0) {
                g.firstReleaseNanos = now == 0 ? 1 : now;
            }
            long floorBefore = g.evidence.floorNanos(now);
            boolean success = replyStatus >= 200 && replyStatus < 300;
            // an error reply (a 429, a 400) comes back without the service's usual work: its time teaches nothing
            long counted = success || r.replyWaitsAfterCount ? g.evidence.countedAfter(latency, now, spread, r.replyWaitsAfterCount)
                    : g.evidence.countedAfter(latency, spread);
            if (cold(g, now) && !r.replyWaitsAfterCount) {
                // A cold start: this process's first replies carry its own start-up (connections, a cold JIT) on their
                // way in, so their floor can't tell how late each call was, while the rest of the fleet, warm, reserves
                // slots ahead against these places. Until the evidence has settled, a place lasts until one window
                // after the reply, the proof.
                counted = latency;
            }
            endsAt = redisSlotMicros + (window + counted) / 1000;
            long floorAfter = g.evidence.floorNanos(now);
            while (!g.recent.isEmpty() && now - g.recent.peekFirst().releasedNanos > 2 * window + spread) {
                g.recent.pollFirst(); // its place ended long ago, whatever the floor
            }
            if (floorBefore >= 0 && floorAfter < floorBefore) {
                for (Released p : g.recent) {
                    long again = p.slotMicros + (window + g.evidence.countedAfter(p.latencyNanos, spread)) / 1000;
                    if (again > p.endsAtMicros) {
                        p.endsAtMicros = again;
                        extended.add(p);
                    }
                }
            }
            if (!r.replyWaitsAfterCount && success) {
                g.recent.addLast(new Released(member, redisSlotMicros, latency, now, endsAt));
            }
        }
        sendRelease(r.key, member, endsAt);
        for (Released p : extended) {
            sendRelease(r.key, p.member, p.endsAtMicros);
        }
    }

    private void sendRelease(String key, String member, long endsAtMicros) {
        scripts.release(redisKey(key), member, endsAtMicros).whenComplete((v, error) -> {
            if (error != null) {
                LOG.debug("releasing a guard place of {} failed (it ends with its running hold): {}", key, unwrap(error).toString());
            }
        });
    }

    /** The slot {@code r} reserved will not be used: its guard place goes at once. */
    private void giveUpPlace(Request r) {
        String member = r.reservedMember;
        if (member != null) {
            r.reservedMember = null;
            giveUp(r.key, member);
        }
    }

    private void giveUp(String key, String member) {
        if (closed.get() || degraded.get()) {
            return; // its place ends with its running hold
        }
        scripts.release(redisKey(key), member, -1).whenComplete((v, error) -> { });
    }

    /** Redis cannot serve {@code r}: the failure policy decides. */
    private void redisUnavailable(Request r) {
        giveUpPlace(r);
        if (r.future.isDone()) {
            return;
        }
        if (settings.failurePolicy() == FailurePolicy.FAIL_FAST) {
            counters.refusals.increment();
            // what failed was logged (WARN) when Redis was lost
            r.future.completeExceptionally(RtmLocalRateLimitException.of(r.key, "fleet rate limit: Redis at " + link.description()
                    + " is unreachable and the failure policy is FAIL_FAST: nothing was sent", Duration.ofNanos(settings.probeIntervalNanos())));
            return;
        }
        Long until = reservedUntil.get(r.key);
        fallback.acquire(r, until == null ? clock.getAsLong() : until);
    }

    /** A round trip failed: the first failure of an outage switches to the failure policy, logs, and starts probing. */
    private void redisFailed(Throwable cause) {
        if (closed.get() || !degraded.compareAndSet(false, true)) {
            return;
        }
        outageStartNanos = clock.getAsLong();
        counters.outages.increment();
        LOG.warn("Fleet rate limiter: Redis at {} failed ({}); {} until it answers again (probing every {} ms)",
                link.description(), cause, settings.failurePolicy() == FailurePolicy.LOCAL_SHARE
                        ? "pacing locally at 1/" + settings.expectedFleetSize() + " of each quota"
                        : "refusing every permit", settings.probeIntervalNanos() / 1_000_000);
        try {
            settings.listener().onRedisDown(cause);
        } catch (RuntimeException e) {
            LOG.warn("the RedisRateLimiterListener failed", e);
        }
        scheduleProbe();
    }

    private void scheduleProbe() {
        if (closed.get()) {
            return;
        }
        // jittered between 0.5 and 1.5 intervals so that a fleet that lost Redis together does not probe in step
        long interval = settings.probeIntervalNanos();
        long delay = interval / 2 + ThreadLocalRandom.current().nextLong(Math.max(1, interval));
        try {
            executor.schedule(this::probe, delay, TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closed meanwhile
        }
    }

    /** One script run that reserves nothing: proves that Redis answers, runs scripts and accepts writes. */
    private void probe() {
        link.connect()
                .thenCompose(v -> scripts.reserve(redisKey("probe"), Pace.PROBE, 0, 0, 0))
                .whenComplete((reply, error) -> {
                    if (error != null) {
                        LOG.debug("Redis probe failed: {}", unwrap(error).toString());
                        scheduleProbe();
                    } else {
                        recovered();
                    }
                });
    }

    private void recovered() {
        if (closed.get() || !degraded.compareAndSet(true, false)) {
            return;
        }
        lastTimelyReplyNanos = clock.getAsLong();
        Duration outage = Duration.ofNanos(clock.getAsLong() - outageStartNanos);
        counters.recoveries.increment();
        LocalFallback.Handover handover = fallback.endOutage();
        LOG.info("Fleet rate limiter: Redis at {} answers again after {} ms; permits come from Redis again "
                        + "({} local grants of the last second charged to the fleet, {} waiting acquires moved to Redis)",
                link.description(), outage.toMillis(), handover.charges().values().stream().mapToInt(LocalFallback.Charge::permits).sum(),
                handover.moved().size());
        // charge first: commands on one connection run in order, so the moved acquires queue behind the charges
        handover.charges().forEach((key, charge) ->
                scripts.reserve(redisKey(key), charge.pace(), Long.MAX_VALUE / 4_000, 0, charge.permits()));
        for (Request r : handover.moved()) {
            submit(r, 0);
        }
        try {
            settings.listener().onRedisBack(outage);
        } catch (RuntimeException e) {
            LOG.warn("the RedisRateLimiterListener failed", e);
        }
    }

    private String redisKey(String key) {
        return settings.keyPrefix() + key;
    }

    private RtmLocalRateLimitException refused(Request r, long waitNanos) {
        return RtmLocalRateLimitException.of(r.key, "fleet rate limit: the next slot for " + r.key + " is " + waitNanos / 1_000_000
                + " ms away, more than the " + r.remainingNanos(clock.getAsLong()) / 1_000_000 + " ms left of the allowed wait of "
                + r.maxWaitNanos() / 1_000_000 + " ms: nothing was sent", Duration.ofNanos(waitNanos));
    }

    private static RtmConfigurationException closedError() {
        // Not RtmClientClosedException: that one says the client is closed, and the client using this limiter may not be
        return new RtmConfigurationException("the Redis rate limiter is closed, and a client still uses it: close the clients "
                + "before the limiter they share (nothing was sent)");
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    private static long saturatedNanos(Duration d) {
        if (d.isNegative()) {
            return 0;
        }
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 4;
        }
    }

    /** Fails every waiting acquire, stops the timer thread and releases what the link owns. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (Request r : pending) {
            r.future.completeExceptionally(closedError());
        }
        executor.shutdownNow();
        try {
            executor.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        link.close();
    }

    @Override
    public String toString() {
        return "fleet limiter on " + link + ", utilization " + settings.utilization() + ", fleet of " + settings.expectedFleetSize()
                + (degraded.get() ? " (degraded: " + settings.failurePolicy() + ")" : "");
    }
}
