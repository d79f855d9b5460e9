package io.rtm.core;

import io.rtm.core.error.RtmConfigurationException;
import java.time.Duration;
import java.util.Objects;

/**
 * Client-side rate limiting: at most {@link #permitsPerSecond()} calls per second per App ID and per API
 * (the SPEC's quota is 500/s for each send API), paced evenly; a call whose slot is further away than
 * {@link #maxWait()} fails at once with a local {@link io.rtm.core.error.RtmRateLimitedException} instead of
 * queueing without bound. Immutable.
 *
 * <p>The limiter spaces calls by {@code 1 s / permitsPerSecond × (1 + safetyMargin)} (default margin 0.5%,
 * so sustained sending reaches 99.5% of the quota), and its sliding-window guard ({@link #strictWindow()})
 * makes sure that delays between the client and the service can never push a call into a window that
 * already holds the quota.
 */
public final class RateLimit {

    /** The SPEC's quota per App ID and API. */
    public static final int SPEC_QUOTA_PER_SECOND = 500;

    private static final RateLimit DEFAULTS = new RateLimit(true, SPEC_QUOTA_PER_SECOND, Duration.ofSeconds(10), 0.005, true);
    private static final RateLimit DISABLED = new RateLimit(false, Integer.MAX_VALUE, Duration.ZERO, 0, false);

    private final boolean enabled;
    private final int permitsPerSecond;
    private final Duration maxWait;
    private final double safetyMargin;
    private final boolean strictWindow;

    private RateLimit(boolean enabled, int permitsPerSecond, Duration maxWait, double safetyMargin, boolean strictWindow) {
        this.enabled = enabled;
        this.permitsPerSecond = permitsPerSecond;
        this.maxWait = maxWait;
        this.safetyMargin = safetyMargin;
        this.strictWindow = strictWindow;
    }

    /** 500 calls/s per App ID and API, waits up to 10 s, 0.5% safety margin. */
    public static RateLimit defaults() {
        return DEFAULTS;
    }

    /** No client-side limiting (the service still enforces its quota with 429s). */
    public static RateLimit disabled() {
        return DISABLED;
    }

    /** The defaults with another rate. */
    public static RateLimit perSecond(int permitsPerSecond) {
        return DEFAULTS.withPermitsPerSecond(permitsPerSecond);
    }

    /** Whether client-side limiting is on. */
    public boolean enabled() {
        return enabled;
    }

    /** Calls per second per App ID and API. */
    public int permitsPerSecond() {
        return permitsPerSecond;
    }

    /** The longest a call waits for its slot before failing. */
    public Duration maxWait() {
        return maxWait;
    }

    /** The fraction by which calls are spaced wider than the bare rate (0.005 = 0.5%). */
    public double safetyMargin() {
        return safetyMargin;
    }

    /**
     * Whether the sliding-window guard is on (default): a call may leave only once the call
     * {@code permitsPerSecond} calls before it got its response, plus one second — so the service never sees
     * more than the rate in any one-second window, whatever the network's delays. Turn it off for
     * workloads dominated by long {@code wait_for_ack} calls, which it slows (their responses come late).
     */
    public boolean strictWindow() {
        return strictWindow;
    }

    /** A copy with the sliding-window guard on or off. */
    public RateLimit withStrictWindow(boolean strictWindow) {
        return new RateLimit(enabled, permitsPerSecond, maxWait, safetyMargin, strictWindow);
    }

    /** The spacing between two calls of one key, in nanoseconds. */
    public long intervalNanos() {
        return (long) Math.ceil(1_000_000_000.0 / permitsPerSecond * (1 + safetyMargin));
    }

    /** A copy with another rate (at least 1). */
    public RateLimit withPermitsPerSecond(int permitsPerSecond) {
        if (permitsPerSecond < 1) {
            throw new RtmConfigurationException("rate limit must be at least 1 call per second: " + permitsPerSecond);
        }
        return new RateLimit(true, permitsPerSecond, maxWait, safetyMargin, strictWindow);
    }

    /** A copy with another maximum wait (zero = never wait). */
    public RateLimit withMaxWait(Duration maxWait) {
        Objects.requireNonNull(maxWait, "maxWait");
        if (maxWait.isNegative()) {
            throw new RtmConfigurationException("rate limit maxWait must not be negative: " + maxWait);
        }
        return new RateLimit(enabled, permitsPerSecond, maxWait, safetyMargin, strictWindow);
    }

    /** A copy with another safety margin in [0, 0.5]. */
    public RateLimit withSafetyMargin(double safetyMargin) {
        if (!(safetyMargin >= 0 && safetyMargin <= 0.5)) {
            throw new RtmConfigurationException("rate limit safetyMargin must be within [0, 0.5]: " + safetyMargin);
        }
        return new RateLimit(enabled, permitsPerSecond, maxWait, safetyMargin, strictWindow);
    }

    @Override
    public String toString() {
        return enabled ? "RateLimit{" + permitsPerSecond + "/s per App ID and API, maxWait=" + maxWait + ", safetyMargin="
                + safetyMargin + ", strictWindow=" + strictWindow + '}' : "RateLimit{disabled}";
    }
}
