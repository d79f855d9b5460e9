package io.rtm.core.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * One quota a {@link RateLimiter} enforces: at most {@link #permits()} calls in any {@link #window()} for the calls
 * that share {@link #key()} (e.g. {@code <appId>:peer}: every peer message of one App ID). The client makes one per
 * App ID and API from {@code RateLimit} (the published quota, or the share of it this client takes). Immutable.
 *
 * @param key     what the calls that share the quota have in common, e.g. {@code <appId>:peer}
 * @param permits calls allowed in one window, at least 1
 * @param window  the window the service counts in (one second for every quota of the RTM API)
 */
public record Quota(String key, int permits, Duration window) {

    private static final Duration SECOND = Duration.ofSeconds(1);

    /** Checks the parts. */
    public Quota {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(window, "window");
        if (permits < 1) {
            throw new IllegalArgumentException("a quota allows at least 1 call per window: " + permits);
        }
        if (window.isZero() || window.isNegative()) {
            throw new IllegalArgumentException("a quota's window must be positive: " + window);
        }
    }

    /** A quota of {@code permits} calls per second. */
    public static Quota perSecond(String key, int permits) {
        return new Quota(key, permits, SECOND);
    }

    @Override
    public String toString() {
        return key + ": " + permits + " per " + window;
    }
}
