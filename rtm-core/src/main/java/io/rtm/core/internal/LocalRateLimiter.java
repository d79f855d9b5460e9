package io.rtm.core.internal;

import io.rtm.core.RateLimit;
import io.rtm.core.error.RtmRateLimitedException;
import io.rtm.core.spi.RateLimiter;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A lock-free GCRA (generic cell rate algorithm) limiter: per key, one {@link AtomicLong} holds the
 * theoretical arrival time (TAT). A request at {@code now} is granted its slot at {@code max(TAT, now)} and
 * moves TAT one interval further; no burst tolerance, so no window of one second ever holds more than the
 * rate. Waiting is a scheduled completion, never a sleeping thread. The clock is injectable.
 */
public final class LocalRateLimiter implements RateLimiter {

    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final Scheduling scheduling;
    private final ConcurrentHashMap<String, AtomicLong> tats = new ConcurrentHashMap<>();

    /** How the limiter completes a future later (the SDK's scheduler in production, a fake in tests). */
    @FunctionalInterface
    public interface Scheduling {
        /** Runs the task after the delay; returns a handle to cancel it. */
        ScheduledFuture<?> schedule(Runnable task, long delayNanos);
    }

    /** A limiter for this configuration on the system's monotonic clock. */
    public LocalRateLimiter(RateLimit config, RtmScheduler scheduler) {
        this(config.intervalNanos(), System::nanoTime, scheduler::schedule);
    }

    /** A limiter with an explicit interval, clock and scheduling (tests). */
    public LocalRateLimiter(long intervalNanos, LongSupplier nanoClock, Scheduling scheduling) {
        if (intervalNanos <= 0) {
            throw new IllegalArgumentException("intervalNanos must be positive");
        }
        this.intervalNanos = intervalNanos;
        this.nanoClock = nanoClock;
        this.scheduling = scheduling;
    }

    @Override
    public CompletableFuture<Duration> acquire(String key, int permits, Duration maxWait) {
        if (permits < 1) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("permits must be >= 1: " + permits));
        }
        AtomicLong tat = tats.computeIfAbsent(key, k -> new AtomicLong(Long.MIN_VALUE));
        long cost = intervalNanos * permits;
        long maxWaitNanos = saturatedNanos(maxWait);
        while (true) {
            long now = nanoClock.getAsLong();
            long current = tat.get();
            long start = current == Long.MIN_VALUE || current - now < 0 ? now : current;
            long wait = start - now;
            if (wait > maxWaitNanos) {
                return CompletableFuture.failedFuture(new RtmRateLimitedException(
                        "local rate limit: the next slot for " + key + " is " + Duration.ofNanos(wait).toMillis()
                                + " ms away, more than the allowed wait of " + maxWait.toMillis() + " ms",
                        null, 0, "rate_limited", null, 0, Duration.ofNanos(wait), true));
            }
            if (tat.compareAndSet(current, start + cost)) {
                if (wait <= 0) {
                    return CompletableFuture.completedFuture(Duration.ZERO);
                }
                CompletableFuture<Duration> granted = new CompletableFuture<>();
                Duration waited = Duration.ofNanos(wait);
                ScheduledFuture<?> task = scheduling.schedule(() -> granted.complete(waited), wait);
                granted.whenComplete((d, e) -> {
                    if (granted.isCancelled()) {
                        task.cancel(false);
                    }
                });
                return granted;
            }
        }
    }

    @Override
    public void penalize(String key, Duration retryAfter) {
        AtomicLong tat = tats.computeIfAbsent(key, k -> new AtomicLong(Long.MIN_VALUE));
        long until = nanoClock.getAsLong() + saturatedNanos(retryAfter);
        tat.getAndUpdate(current -> current == Long.MIN_VALUE || current - until < 0 ? until : current);
    }

    /** The spacing between two permits of a key. */
    public long intervalNanos() {
        return intervalNanos;
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 4;
        }
    }

    @Override
    public String toString() {
        return "LocalRateLimiter{interval=" + intervalNanos + " ns}";
    }
}
