package io.rtm.ratelimit.redis;

import io.rtm.core.spi.Quota;
import io.rtm.core.spi.RateLimiter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends as fast as a limiter allows: {@code lanes} acquires outstanding at all times, each followed by a "send" to
 * the {@link ServiceRecorder} (when there is one) and the permit's release, until the duration is over. Everything
 * is asynchronous: no thread per acquire, none waiting.
 */
final class Demand {

    /** One granted permit: when (local monotonic time) and which. */
    record Grant(long atNanos, FleetPermit permit) {
    }

    /** What happened. */
    record Outcome(List<Grant> grants, List<Throwable> failures) {
        long fromRedis() {
            return grants.stream().filter(g -> g.permit().fromRedis()).count();
        }

        long fromFallback() {
            return grants.size() - fromRedis();
        }

        /**
         * Failures other than the lateness rule's refusals. Those are right when this busy machine stalls a JVM past
         * three slots in a row (nothing is sent late), and are counted apart.
         */
        List<Throwable> unexpectedFailures() {
            return failures.stream().filter(f -> !isLatenessRefusal(f)).toList();
        }

        long latenessRefusals() {
            return failures.stream().filter(Demand::isLatenessRefusal).count();
        }

        long grantsBetween(long fromNanos, long toNanos) {
            return grants.stream().filter(g -> g.atNanos() - fromNanos >= 0 && g.atNanos() - toNanos < 0).count();
        }
    }

    static boolean isLatenessRefusal(Throwable failure) {
        return failure instanceof io.rtm.core.error.RtmLocalRateLimitException e
                && e.getMessage().contains("came and went before this process could use them");
    }

    private final RateLimiter limiter;
    private final Quota quota;
    private final Duration maxWait;
    private final ServiceRecorder recorder;
    private final List<Grant> grants = Collections.synchronizedList(new ArrayList<>());
    private final List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
    private final ScheduledExecutorService pause = Executors.newSingleThreadScheduledExecutor();
    private final CompletableFuture<Outcome> done = new CompletableFuture<>();
    private final AtomicInteger lanesRunning = new AtomicInteger();
    private long endNanos;

    Demand(RateLimiter limiter, Quota quota, Duration maxWait, ServiceRecorder recorder) {
        this.limiter = limiter;
        this.quota = quota;
        this.maxWait = maxWait;
        this.recorder = recorder;
    }

    /** Starts {@code lanes} lanes for {@code duration}; completes when the last lane stopped. */
    CompletableFuture<Outcome> run(int lanes, Duration duration) {
        endNanos = System.nanoTime() + duration.toNanos();
        lanesRunning.set(lanes);
        for (int i = 0; i < lanes; i++) {
            next();
        }
        return done.whenComplete((o, e) -> pause.shutdownNow());
    }

    private void next() {
        if (System.nanoTime() - endNanos >= 0) {
            if (lanesRunning.decrementAndGet() == 0) {
                done.complete(new Outcome(List.copyOf(grants), List.copyOf(failures)));
            }
            return;
        }
        limiter.acquire(quota, maxWait).whenComplete((permit, error) -> {
            if (error != null) {
                failures.add(error instanceof CompletionException c ? c.getCause() : error);
                pause.schedule(this::next, 10, TimeUnit.MILLISECONDS); // no spinning on a refusing limiter
                return;
            }
            grants.add(new Grant(System.nanoTime(), (FleetPermit) permit));
            if (recorder == null) {
                permit.release(true);
                next();
            } else {
                recorder.send().whenComplete((v, e) -> {
                    permit.release(true);
                    next();
                });
            }
        });
    }
}
