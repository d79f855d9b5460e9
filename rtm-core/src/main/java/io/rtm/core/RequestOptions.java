package io.rtm.core;

import io.rtm.core.error.RtmConfigurationException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Per-call options that override the client's: the call's deadline (every attempt, retry wait and
 * rate-limit wait included) and its retry policy. Immutable.
 *
 * <pre>{@code
 * rtm.sendPeer(message, RequestOptions.builder().timeout(Duration.ofSeconds(2)).retryPolicy(RetryPolicy.atMostOnce()).build());
 * }</pre>
 */
public final class RequestOptions {

    private static final RequestOptions DEFAULTS = new RequestOptions(null, null);

    private final Duration timeout;
    private final RetryPolicy retryPolicy;

    private RequestOptions(Duration timeout, RetryPolicy retryPolicy) {
        this.timeout = timeout;
        this.retryPolicy = retryPolicy;
    }

    /** No overrides: the client's call timeout and retry policy. */
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
    public Optional<RetryPolicy> retryPolicy() {
        return Optional.ofNullable(retryPolicy);
    }

    @Override
    public String toString() {
        return "RequestOptions{timeout=" + timeout + ", retryPolicy=" + retryPolicy + '}';
    }

    /** Builds {@link RequestOptions}. Not thread-safe. */
    public static final class Builder {
        private Duration timeout;
        private RetryPolicy retryPolicy;

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
        public Builder retryPolicy(RetryPolicy retryPolicy) {
            this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
            return this;
        }

        /** Builds the options. */
        public RequestOptions build() {
            return timeout == null && retryPolicy == null ? DEFAULTS : new RequestOptions(timeout, retryPolicy);
        }
    }
}
