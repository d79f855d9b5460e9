package io.rtm.ratelimit.redis;

import io.lettuce.core.RedisCommandTimeoutException;
import io.rtm.core.error.RtmConfigurationException;
import io.rtm.core.error.RtmLocalRateLimitException;
import io.rtm.core.spi.Quota;
import io.rtm.core.spi.RateLimiter;
import java.time.Duration;
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
 * granted late into a later window: its slot is given up and a new one reserved (at most {@value #MAX_LATE_SLOTS}
 * times). Together with the pace's margin this bounds every one-second window at the service (see {@link Pace}).
 *
 * <p>When Redis fails or does not answer within the round-trip timeout, the limiter logs once, follows its
 * {@link FailurePolicy}, and probes Redis every probe interval (jittered, so a fleet does not probe in step)
 * until it answers; it then charges the local grants of the last second to the shared quota and moves the acquires
 * still waiting locally back to Redis.
 */
final class FleetLimiter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RedisRateLimiter.class);
    static final int MAX_LATE_SLOTS = 3;
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
        Pace pace;
        try {
            pace = pace(quota);
        } catch (RtmConfigurationException e) {
            return CompletableFuture.failedFuture(e);
        }
        Request r = new Request(quota, pace, clock.getAsLong(), saturatedNanos(maxWait));
        pending.add(r);
        r.future.whenComplete((p, e) -> {
            pending.remove(r);
            if (r.future.isCancelled() && r.waiting != null) {
                r.waiting.cancel(false); // the caller gave up: stop the timer or the local wait
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
        scripts.reserve(redisKey(r.key), r.pace, r.remainingNanos(sent) / 1000, leadNanos / 1000, 1)
                .whenComplete((reply, error) -> {
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
            return; // cancelled or closed meanwhile: the slot is wasted, never over the quota
        }
        if (!reply.granted()) {
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
        if (received - slot.earliest() <= settings.maxLatenessNanos()) {
            lastTimelyReplyNanos = received;
        } else if (received - lastTimelyReplyNanos > SLOW_OUTAGE_NANOS) {
            // Redis answers, but for a while now too late to use any slot: as unusable as a Redis that does not answer
            RedisCommandTimeoutException slow = new RedisCommandTimeoutException("no reply from " + link.description()
                    + " came back in time to use its slot for " + SLOW_OUTAGE_NANOS / 1_000_000 + " ms; the last round trip took "
                    + roundTrip / 1_000_000 + " ms");
            counters.redisFailures.increment();
            redisFailed(slow);
        }
        // aim at the middle of where the slot can be on our clock; grant() checks it is not later than maxLateness
        long delay = slot.earliest() + (slot.latest() - slot.earliest()) / 2 - received;
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
        if (late <= settings.maxLatenessNanos()) {
            Counters.grant(r.future, FleetPermit.fromRedis(now - r.startNanos, redisSlot), counters.redisGrants);
            return;
        }
        // Not sent late into a later window: this slot is given up (wasted, never over the quota) and another reserved.
        counters.lateSlots.increment();
        LOG.debug("slot of {} not used: up to {} us late (round trip {} us)", r.key, late / 1000, roundTrip / 1000);
        if (++r.lateSlots < MAX_LATE_SLOTS) {
            // the reply itself came too late for the slot: ask for one at least a round trip ahead
            boolean lateOnArrival = received - slot.earliest() > settings.maxLatenessNanos();
            submit(r, lateOnArrival ? roundTrip : 0);
            return;
        }
        counters.refusals.increment();
        r.future.completeExceptionally(RtmLocalRateLimitException.of(r.key, "fleet rate limit: " + MAX_LATE_SLOTS + " slots for "
                + r.key + " came and went before this process could use them (the last one up to " + late / 1_000_000
                + " ms late, more than maxLateness " + settings.maxLatenessNanos() / 1_000_000 + " ms; Redis round trip "
                + roundTrip / 1_000_000 + " ms): nothing was sent", Duration.ZERO));
    }

    /** Redis cannot serve {@code r}: the failure policy decides. */
    private void redisUnavailable(Request r) {
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
