package io.rtm.core.spi;

/**
 * Decides, after each attempt of a call, whether to make another one and when (Azure's {@code RetryStrategy},
 * resilience4j's {@code retryOnResult}/{@code retryOnException} are the models). The chain's retry interceptor asks
 * it after every attempt, a successful one included, so a strategy may retry on a reply's {@code code}.
 * {@link io.rtm.core.RetryPolicy} is the built-in implementation; set one with {@code Rtm.builder().retryStrategy(...)}
 * or per call with {@code RequestOptions}.
 *
 * <p>The pipeline keeps for itself: the call's deadline (a delay that would pass it stops the call), one extra attempt
 * right away after a 401 when the authenticator refreshed its credentials, never retrying a local rate-limit refusal
 * or an error that is not an {@link io.rtm.core.error.RtmException} (a bug). Implementations are thread-safe, fast
 * and never block; an exception thrown by {@link #decide} fails the call with it.
 */
@FunctionalInterface
public interface RetryStrategy {

    /** What to do after this attempt. */
    RetryDecision decide(AttemptResult attempt);
}
