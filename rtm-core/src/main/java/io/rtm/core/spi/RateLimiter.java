package io.rtm.core.spi;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Paces calls so that a {@link Quota} (e.g. the SPEC's 500 calls/s per App ID for peer messages) is never exceeded.
 * Every attempt acquires a permit of its operation's quota right before it is authenticated and sent (the chain's
 * rate-limit interceptor does it).
 *
 * <p>Contract: {@link #acquire} never blocks a thread: it reserves a slot and completes the future with a
 * {@link Permit} when the slot arrives (on a scheduler), or fails it with an
 * {@link io.rtm.core.error.RtmLocalRateLimitException} when the slot is further away than {@code maxWait}.
 * Cancelling the future gives the wait up, and the limiter gives the slot back. The caller reports through
 * {@link Permit#release(boolean)} when the attempt is over, so that a limiter may account for the service's view of
 * time (see the local limiter's sliding-window guard). Thread-safe.
 */
public interface RateLimiter {

    /**
     * Reserves one call of the quota.
     *
     * @param quota   the quota the call counts against
     * @param maxWait the longest the caller may wait for its slot
     * @return a future completing with the permit once the caller may send
     */
    CompletableFuture<Permit> acquire(Quota quota, Duration maxWait);

    /**
     * The service answered 429 for a call of this quota: no permit is granted before {@code retryAfter} from now.
     * The pipeline passes a positive wait already capped ({@code RateLimit.maxPenalty()}, 30 s by default).
     */
    void penalize(Quota quota, Duration retryAfter);

    /** The right to send one attempt now. */
    interface Permit {
        /** How long the caller waited for it. */
        Duration waited();

        /**
         * The attempt is over: it got a response or failed ({@code mayHaveReachedService} false when it
         * provably never reached the service, e.g. a connect failure or a cancellation before sending).
         * Called at most once; the default does nothing.
         */
        default void release(boolean mayHaveReachedService) {
        }

        /** A permit that needed no wait and tracks nothing. */
        static Permit immediate() {
            return Unlimited.PERMIT;
        }
    }

    /** A limiter that never waits. */
    static RateLimiter unlimited() {
        return Unlimited.INSTANCE;
    }

    /** The never-waiting limiter. */
    final class Unlimited implements RateLimiter {
        static final Unlimited INSTANCE = new Unlimited();
        static final Permit PERMIT = () -> Duration.ZERO;
        private static final CompletableFuture<Permit> NOW = CompletableFuture.completedFuture(PERMIT);

        private Unlimited() {
        }

        @Override
        public CompletableFuture<Permit> acquire(Quota quota, Duration maxWait) {
            return NOW;
        }

        @Override
        public void penalize(Quota quota, Duration retryAfter) {
        }

        @Override
        public String toString() {
            return "RateLimiter.unlimited()";
        }
    }
}
