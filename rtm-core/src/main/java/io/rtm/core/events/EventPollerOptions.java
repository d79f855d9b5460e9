package io.rtm.core.events;

import io.rtm.core.RequestOptions;
import io.rtm.core.error.RtmConfigurationException;
import java.time.Duration;
import java.util.Objects;

/**
 * How an {@link EventPoller} paces its fetches. After a batch it fetches again at once (the client's limiter keeps
 * it within the events quota, 10 calls/s per App ID and API); after an empty fetch or a retryable failure it waits
 * {@link #minDelay()}, doubled after each further one up to {@link #maxDelay()}, and back to none after the next
 * batch. Each fetch is one call with {@link #requestOptions()}. Immutable.
 */
public final class EventPollerOptions {

    private static final EventPollerOptions DEFAULTS = builder().build();

    private final Duration minDelay;
    private final Duration maxDelay;
    private final RequestOptions requestOptions;

    private EventPollerOptions(Builder b) {
        this.minDelay = b.minDelay;
        this.maxDelay = b.maxDelay;
        this.requestOptions = b.requestOptions;
    }

    /** 200 ms doubling up to 5 s; the client's call options. */
    public static EventPollerOptions defaults() {
        return DEFAULTS;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The wait after the first empty fetch (or failure). */
    public Duration minDelay() {
        return minDelay;
    }

    /** The longest wait between fetches while nothing arrives. */
    public Duration maxDelay() {
        return maxDelay;
    }

    /** The options of each fetch (its deadline, its retry strategy). */
    public RequestOptions requestOptions() {
        return requestOptions;
    }

    @Override
    public String toString() {
        return "EventPollerOptions{minDelay=" + minDelay + ", maxDelay=" + maxDelay + ", requestOptions=" + requestOptions + '}';
    }

    /** Builds {@link EventPollerOptions}. Not thread-safe. */
    public static final class Builder {
        private Duration minDelay = Duration.ofMillis(200);
        private Duration maxDelay = Duration.ofSeconds(5);
        private RequestOptions requestOptions = RequestOptions.defaults();

        private Builder() {
        }

        /** The wait after the first empty fetch; positive (default 200 ms). */
        public Builder minDelay(Duration minDelay) {
            this.minDelay = positive(minDelay, "minDelay");
            return this;
        }

        /** The longest wait while nothing arrives; positive, not below {@code minDelay} (default 5 s). */
        public Builder maxDelay(Duration maxDelay) {
            this.maxDelay = positive(maxDelay, "maxDelay");
            return this;
        }

        /** The options of each fetch (default: the client's). */
        public Builder requestOptions(RequestOptions requestOptions) {
            this.requestOptions = Objects.requireNonNull(requestOptions, "requestOptions");
            return this;
        }

        /**
         * Builds the options.
         *
         * @throws RtmConfigurationException when {@code maxDelay} is below {@code minDelay}
         */
        public EventPollerOptions build() {
            if (maxDelay.compareTo(minDelay) < 0) {
                throw new RtmConfigurationException("event poller maxDelay (" + maxDelay + ") must not be below minDelay ("
                        + minDelay + ")");
            }
            return new EventPollerOptions(this);
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isZero() || d.isNegative()) {
                throw new RtmConfigurationException("event poller " + name + " must be positive: " + d);
            }
            return d;
        }
    }
}
