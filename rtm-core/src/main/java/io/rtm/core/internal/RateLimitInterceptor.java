package io.rtm.core.internal;

import io.rtm.core.RateLimit;
import io.rtm.core.spi.Chain;
import io.rtm.core.spi.HttpResponse;
import io.rtm.core.spi.Interceptor;
import io.rtm.core.spi.Phase;
import io.rtm.core.spi.PipelineAttributes;
import io.rtm.core.spi.Quota;
import io.rtm.core.spi.RateLimiter;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The chain's rate-limit stage, right before authentication: each attempt waits for a permit of its operation's
 * {@link Quota} from the client's {@link RateLimiter} (at most {@link RateLimit#maxWait()}, and never past the call's
 * deadline; a longer wait fails the attempt with {@link io.rtm.core.error.RtmLocalRateLimitException}), publishes
 * the wait as {@link PipelineAttributes#RATE_LIMIT_WAIT}, and releases the permit when the attempt is over, saying
 * whether it may have reached the service. A 429 pauses every caller of the quota: the limiter is penalized for the
 * reply's {@code Retry-After} (1 s when absent or unreadable), capped at {@link RateLimit#maxPenalty()} so that no
 * reply can stall the client for longer. Thread-safe: one instance serves every call of a client.
 */
final class RateLimitInterceptor implements Interceptor {

    private final RateLimiter limiter;
    private final RateLimit rateLimit;
    private final Clock clock;

    RateLimitInterceptor(RateLimiter limiter, RateLimit rateLimit, Clock clock) {
        this.limiter = limiter;
        this.rateLimit = rateLimit;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "rate-limit";
    }

    @Override
    public Phase phase() {
        return Phase.PER_ATTEMPT;
    }

    RateLimiter limiter() {
        return limiter;
    }

    @Override
    public CompletableFuture<HttpResponse> intercept(Chain chain) {
        Call<?, ?> call = RealChain.owner(chain, "rate-limit");
        Quota quota = call.quota();
        long remaining = Math.max(0, call.remainingNanos());
        Duration maxWait = rateLimit.maxWait().toNanos() > remaining ? Duration.ofNanos(remaining) : rateLimit.maxWait();
        CompletableFuture<RateLimiter.Permit> permit;
        try {
            // Limiters learn from reply times; a wait_for_ack reply's time is mostly the receiver's
            permit = limiter.acquire(quota, maxWait, waitsForAck(chain.request()));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (permit.isDone() && !permit.isCompletedExceptionally()) {
            return proceed(chain, call, quota, permit.join()); // granted at once (the common case): no stages to compose
        }
        call.waitingFor(permit);
        return permit.handle((granted, refused) -> refused != null
                        ? CompletableFuture.<HttpResponse>failedFuture(Call.unwrap(refused))
                        : proceed(chain, call, quota, granted))
                .thenCompose(f -> f);
    }

    private static boolean waitsForAck(io.rtm.core.spi.HttpRequest request) {
        String query = request.uri().getRawQuery();
        return query != null && query.contains("wait_for_ack=true");
    }

    private CompletableFuture<HttpResponse> proceed(Chain chain, Call<?, ?> call, Quota quota, RateLimiter.Permit permit) {
        chain.call().attributes().put(PipelineAttributes.RATE_LIMIT_WAIT, permit.waited());
        int n = chain.call().attempt();
        CompletableFuture<HttpResponse> attempt = chain.proceed(chain.request());
        call.admitted(); // after the hand-off: whatever the listener does never delays this attempt
        boolean tracked = permit != RateLimiter.Permit.immediate(); // the unlimited limiter's permit tracks nothing
        if (attempt.isDone()) {
            attempt.whenComplete((response, error) -> onAttemptDone(call, quota, permit, tracked, n, response, error)); // runs now
            return attempt;
        }
        // The limiter learns the outcome (its permit back, a 429's pause) before the stages above see it: a caller that
        // sends again the moment it sees a 429 is paused like everyone else. The outcome is passed on unchanged.
        CompletableFuture<HttpResponse> out = new CompletableFuture<>();
        attempt.whenComplete((response, error) -> {
            try {
                onAttemptDone(call, quota, permit, tracked, n, response, error);
            } finally {
                if (error != null) {
                    out.completeExceptionally(error);
                } else {
                    out.complete(response);
                }
            }
        });
        return out;
    }

    private void onAttemptDone(Call<?, ?> call, Quota quota, RateLimiter.Permit permit, boolean tracked, int n,
                               HttpResponse response, Throwable error) {
        if (tracked) {
            // Tell the limiter the attempt is over, and whether the service may have counted it.
            permit.release(response != null || call.attemptMayHaveReached(n, Call.unwrap(error)),
                    response != null ? response.status() : 0);
        }
        if (response != null) {
            penalizeOn429(quota, response);
        }
    }

    private void penalizeOn429(Quota quota, HttpResponse response) {
        if (response.status() != 429) {
            return;
        }
        // Every caller of the quota pauses until the service's Retry-After; garbage reads as absent (1 s), a date in
        // the past as zero, and nothing longer than maxPenalty is ever imposed (a Retry-After of days must not stall
        // the client until it restarts).
        Duration wait = RetryAfter.parse(response.headers().firstValue("Retry-After"), clock).orElse(Duration.ofSeconds(1));
        if (wait.compareTo(rateLimit.maxPenalty()) > 0) {
            wait = rateLimit.maxPenalty();
        }
        if (!wait.isZero()) {
            limiter.penalize(quota, wait);
        }
    }

    @Override
    public String toString() {
        return "RateLimitInterceptor{" + limiter + '}';
    }
}
