package io.rtm.ratelimit.redis;

import io.rtm.core.spi.Quota;
import io.rtm.core.spi.RateLimiter;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.LongSupplier;

/**
 * The limiter used while Redis is unreachable: rtm-core's local limiter ({@link RateLimiter#local}: GCRA pacing and
 * its sliding-window guard) at this process's {@linkplain #share share} of each quota, paced at the same utilization
 * as Redis. It remembers what it granted in the last second and which acquires still wait, so that the return to
 * Redis can charge the first to the shared quota and move the second to Redis.
 */
final class LocalFallback {

    private static final long WINDOW_NANOS = 1_000_000_000L;

    /** What the return to Redis must do: charge recent local grants, and re-reserve the acquires still waiting. */
    record Handover(Map<String, Charge> charges, List<Request> moved) {
    }

    /** {@code permits} granted locally for {@code key} within the last second. */
    record Charge(Pace pace, int permits) {
    }

    private final Settings settings;
    private final LongSupplier clock;
    private final Counters counters;
    private final RateLimiter local;
    private final Set<Request> waiting = ConcurrentHashMap.newKeySet();
    private final Map<String, Recent> recent = new ConcurrentHashMap<>();
    private final Set<String> seeded = ConcurrentHashMap.newKeySet();

    LocalFallback(Settings settings, ScheduledExecutorService executor, Counters counters) {
        this.settings = settings;
        this.clock = settings.nanoClock();
        this.counters = counters;
        // spaced window / permits / utilization apart, as on Redis; the guard holds the share in any window
        this.local = RateLimiter.local(1 / settings.utilization() - 1, true, clock, executor);
    }

    /**
     * This process's share of a quota while the fleet cannot coordinate: {@code floor(permits / fleetSize)} per window,
     * so that a whole fleet on its local shares never holds more than the quota in any window (the guard makes sure of
     * it for each process). A quota with fewer permits than processes cannot be split that way: each process then gets
     * one permit per {@code ceil(fleetSize / permits)} windows, which keeps the fleet within the quota on average
     * (a window may still see more, and the service's 429 and the shared penalty absorb it).
     */
    static Quota share(Quota quota, int fleetSize) {
        if (quota.permits() >= fleetSize) {
            return new Quota(quota.key(), quota.permits() / fleetSize, quota.window());
        }
        long windows = (fleetSize + quota.permits() - 1L) / quota.permits();
        return new Quota(quota.key(), 1, quota.window().multipliedBy(windows));
    }

    /**
     * Serves {@code r} locally. {@code reservedUntil} is how far this process already holds Redis slots for the
     * key (local monotonic time): the local pace starts after them instead of doubling up.
     */
    void acquire(Request r, long reservedUntil) {
        Quota share = share(r.quota, settings.expectedFleetSize());
        long now = clock.getAsLong();
        if (seeded.add(r.key) && reservedUntil - now > 0) {
            local.penalize(share, Duration.ofNanos(reservedUntil - now));
        }
        CompletableFuture<RateLimiter.Permit> wait = local.acquire(share, Duration.ofNanos(r.remainingNanos(now)));
        waiting.add(r);
        r.waiting = wait;
        wait.whenComplete((permit, error) -> {
            waiting.remove(r);
            if (wait.isCancelled()) {
                return; // moved to Redis, or the caller gave up
            }
            if (error != null) {
                counters.refusals.increment();
                r.future.completeExceptionally(error instanceof CompletionException c && c.getCause() != null ? c.getCause() : error);
                return;
            }
            long grantedAt = clock.getAsLong();
            Recent grants = recent.computeIfAbsent(r.key, k -> new Recent(r.pace));
            if (Counters.grant(r.future, FleetPermit.fromFallback(grantedAt - r.startNanos, permit), counters.fallbackGrants)) {
                grants.add(grantedAt);
            } else {
                permit.release(false); // the caller is gone: the permit was never used
            }
        });
    }

    /** A 429: the local pace waits too (it serves the next outage, or this one). */
    void penalize(Quota quota, Duration penalty) {
        local.penalize(share(quota, settings.expectedFleetSize()), penalty);
    }

    /**
     * Redis is back: cancels the local waits that can still be cancelled (their callers are handed over to Redis)
     * and returns them with the local grants of the last second, which the fleet's quota must still count.
     */
    Handover endOutage() {
        List<Request> moved = new ArrayList<>();
        for (Request r : waiting) {
            if (r.waiting != null && r.waiting.cancel(false)) {
                moved.add(r);
            }
        }
        long since = clock.getAsLong() - WINDOW_NANOS;
        Map<String, Charge> charges = new java.util.HashMap<>();
        recent.forEach((key, grants) -> {
            int n = grants.countSince(since);
            if (n > 0) {
                charges.put(key, new Charge(grants.pace, n));
            }
        });
        recent.clear();
        seeded.clear();
        return new Handover(charges, moved);
    }

    /** The local grant times of one key in the last second or so. */
    private static final class Recent {
        final Pace pace;
        private final ArrayDeque<Long> times = new ArrayDeque<>();

        Recent(Pace pace) {
            this.pace = pace;
        }

        synchronized void add(long at) {
            times.addLast(at);
            while (!times.isEmpty() && at - times.peekFirst() > WINDOW_NANOS) {
                times.removeFirst();
            }
        }

        synchronized int countSince(long since) {
            int n = 0;
            for (long t : times) {
                if (t - since >= 0) {
                    n++;
                }
            }
            return n;
        }
    }
}
