package io.rtm.core.spi;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Paces calls to the service so that a quota (the SPEC's 500 calls/s per App ID and API) is never
 * exceeded. Every attempt acquires a permit right before it is authenticated and sent.
 *
 * <p>Contract: {@link #acquire} never blocks a thread — it reserves a slot and completes the future when
 * the slot arrives (on a scheduler), or fails it at once with a local
 * {@link io.rtm.core.error.RtmRateLimitedException} ({@code isLocal() == true}) when the slot is further
 * away than {@code maxWait}. Cancelling the future gives up the wait (the slot may stay consumed).
 * Thread-safe.
 */
public interface RateLimiter {

    /**
     * Reserves {@code permits} for {@code key} (e.g. {@code <appId>:peer}).
     *
     * @return a future completing with how long the caller waited
     */
    CompletableFuture<Duration> acquire(String key, int permits, Duration maxWait);

    /** The service answered 429 for {@code key}: no permit is granted before {@code retryAfter} from now. */
    void penalize(String key, Duration retryAfter);

    /** A limiter that never waits. */
    static RateLimiter unlimited() {
        return Unlimited.INSTANCE;
    }

    /** The never-waiting limiter. */
    final class Unlimited implements RateLimiter {
        static final Unlimited INSTANCE = new Unlimited();
        private static final CompletableFuture<Duration> NOW = CompletableFuture.completedFuture(Duration.ZERO);

        private Unlimited() {
        }

        @Override
        public CompletableFuture<Duration> acquire(String key, int permits, Duration maxWait) {
            return NOW;
        }

        @Override
        public void penalize(String key, Duration retryAfter) {
        }

        @Override
        public String toString() {
            return "RateLimiter.unlimited()";
        }
    }
}
