package io.rtm.core;

import io.rtm.core.error.RtmConfigurationException;
import io.rtm.core.spi.RetryStrategy;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Per-call options that override the client's: the call's deadline (every attempt, retry wait and
 * rate-limit wait included) and its retry strategy (e.g. a {@link RetryPolicy}). Immutable.
 *
 * <pre>{@code
 * rtm.sendPeer(message, RequestOptions.builder().timeout(Duration.ofSeconds(2)).retryStrategy(RetryPolicy.atMostOnce()).build());
 * }</pre>
 */
public final class RequestOptions {

    private static final RequestOptions DEFAULTS = new RequestOptions(null, null);

    private final Duration timeout;
    private final RetryStrategy retryStrategy;

    private RequestOptions(Duration timeout, RetryStrategy retryStrategy) {
        this.timeout = timeout;
        this.retryStrategy = retryStrategy;
    }

    /** No overrides: the client's call timeout and retry strategy. */
    public static RequestOptions defaults() {
        return DEFAULTS;
    }

    /** A builder with no overrides. */
    public static Builder builder() {
        return new Builder();
    }

    /** The call's deadline, if overridden. */
    public Optional<Duration> timeout() {
        return Optional.ofNullable(timeout);
    }

    /** The call's retry policy, if overridden. */
    public Optional<RetryStrategy> retryStrategy() {
        return Optional.ofNullable(retryStrategy);
    }

    @Override
    public String toString() {
        return "RequestOptions{timeout=" + timeout + ", retryStrategy=" + retryStrategy + '}';
    }

    /** Builds {@link RequestOptions}. Not thread-safe. */
    public static final class Builder {
        private Duration timeout;
        private RetryStrategy retryStrategy;

        private Builder() {
        }

        /** The whole call's deadline; positive. */
        public Builder timeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isZero() || timeout.isNegative()) {
                throw new RtmConfigurationException("timeout must be positive: " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /** The retry policy for this call. */
        public Builder retryStrategy(RetryStrategy retryStrategy) {
            this.retryStrategy = Objects.requireNonNull(retryStrategy, "retryStrategy");
            return this;
        }

        /** Builds the options. */
        public RequestOptions build() {
            return timeout == null && retryStrategy == null ? DEFAULTS : new RequestOptions(timeout, retryStrategy);
        }
    }
}
