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
     * {@link #acquire(Quota, Duration)} for a call whose reply waits for something after the service counted it
     * ({@code wait_for_ack=true}: the receiver's ack), so that its reply time says nothing of when the service counted it
     * (see {@link ReplyEvidence}). The pipeline calls this one; the default ignores the hint.
     */
    default CompletableFuture<Permit> acquire(Quota quota, Duration maxWait, boolean replyWaitsAfterCount) {
        return acquire(quota, maxWait);
    }

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

        /**
         * {@link #release(boolean)} with the HTTP status of the attempt's reply ({@code 0} when it got none), which the
         * pipeline calls: a limiter that learns from reply times ({@link ReplyEvidence}) learns from successful replies
         * only (a 429 or a 400 comes back without the service's usual work, faster than any success). The default
         * calls {@link #release(boolean)}.
         */
        default void release(boolean mayHaveReachedService, int replyStatus) {
            release(mayHaveReachedService);
        }

        /** A permit that needed no wait and tracks nothing. */
        static Permit immediate() {
            return Unlimited.PERMIT;
        }
    }

    /**
     * The SDK's local limiter (GCRA pacing plus the sliding-window guard that {@code Rtm.builder()} uses by default), for
     * limiters that build on it, e.g. a fleet limiter's fallback while its shared store is unreachable. Calls of a
     * {@link Quota} are spaced {@code window / permits × (1 + safetyMargin)} apart; with {@code strictWindow} no more
     * than {@code permits} attempts are held (granted and not yet one window past their end) at once. Waits are
     * scheduled on {@code scheduler}, which the caller owns; time is read from {@code nanoClock}
     * ({@link System#nanoTime()} outside tests).
     *
     * @param safetyMargin how much wider than {@code window / permits} calls are spaced, at least 0 (0.005 = 0.5 %)
     */
    static RateLimiter local(double safetyMargin, boolean strictWindow, java.util.function.LongSupplier nanoClock,
                             java.util.concurrent.ScheduledExecutorService scheduler) {
        return io.rtm.core.internal.LocalRateLimiters.create(safetyMargin, strictWindow, nanoClock, scheduler);
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
