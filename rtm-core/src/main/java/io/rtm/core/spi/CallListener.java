package io.rtm.core.spi;

import java.time.Duration;

/**
 * Observes pipeline events that interceptors cannot see (e.g. for metrics). Called on pipeline threads:
 * implementations are thread-safe, fast and never throw (an exception is logged and ignored).
 * Register through the Guice {@code Multibinder<CallListener>} or {@code Rtm.builder().addListener(...)}.
 */
public interface CallListener {

    /**
     * An attempt failed and another one is scheduled after {@code delay}.
     *
     * @param reason a low-cardinality reason: {@code status_<code>}, {@code connect_failure},
     *               {@code connect_timeout}, {@code response_timeout}, {@code io_error}, {@code credentials_refreshed}
     */
    default void onRetry(CallContext call, String reason, Duration delay) {
    }

    /** The local rate limiter made this attempt wait (called also for zero waits). */
    default void onRateLimitWait(CallContext call, Duration waited) {
    }

    /** The local rate limiter refused the attempt: its slot was further away than the allowed wait. */
    default void onRateLimitRejected(CallContext call, Duration wouldWait) {
    }
}
