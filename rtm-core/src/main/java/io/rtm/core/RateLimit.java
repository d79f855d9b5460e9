package io.rtm.core;

import io.rtm.core.error.RtmConfigurationException;
import io.rtm.core.spi.Quota;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Client-side rate limiting, so that the service's quotas are never exceeded: each operation counts against the quota
 * of its API per App ID ({@link Operation#api()}: 500 calls/s for each send API, 100/s for all history calls
 * together, 10/s for each events API, as published), paced evenly; a call whose slot is further away than
 * {@link #maxWait()} fails at once with {@link io.rtm.core.error.RtmLocalRateLimitException} instead of queueing
 * without bound. Immutable.
 *
 * <p>Several processes sending under one App ID without a shared limiter each take a {@linkplain #withShare share}
 * of every quota (e.g. 0.25 each for four); a fleet-wide {@link io.rtm.core.spi.RateLimiter} (one shared store) keeps
 * the whole quota instead. The local limiter spaces calls by {@code window / permits × (1 + safetyMargin)} (default
 * margin 0.5%, so sustained sending reaches 99.5% of the quota), and its sliding-window guard ({@link #strictWindow()})
 * makes sure that delays between the client and the service can never push a call into a window that already holds
 * the quota. After a 429 every caller of that quota pauses for the reply's {@code Retry-After}, at most
 * {@link #maxPenalty()}.
 */
public final class RateLimit {

    private static final Duration DEFAULT_MAX_PENALTY = Duration.ofSeconds(30);
    private static final RateLimit DEFAULTS = new RateLimit(true, 0, 1.0, Duration.ofSeconds(10), 0.005, true, DEFAULT_MAX_PENALTY);
    private static final RateLimit DISABLED = new RateLimit(false, 0, 1.0, Duration.ZERO, 0, false, DEFAULT_MAX_PENALTY);

    private final boolean enabled;
    /** Calls per second for every API instead of the published quotas; 0 = the published ones. */
    private final int permitsPerSecond;
    private final double share;
    private final Duration maxWait;
    private final double safetyMargin;
    private final boolean strictWindow;
    private final Duration maxPenalty;

    private RateLimit(boolean enabled, int permitsPerSecond, double share, Duration maxWait, double safetyMargin,
                      boolean strictWindow, Duration maxPenalty) {
        this.enabled = enabled;
        this.permitsPerSecond = permitsPerSecond;
        this.share = share;
        this.maxWait = maxWait;
        this.safetyMargin = safetyMargin;
        this.strictWindow = strictWindow;
        this.maxPenalty = maxPenalty;
    }

    /** The published quota of every operation, the whole of it; waits up to 10 s; 0.5% safety margin; 429 pause at most 30 s. */
    public static RateLimit defaults() {
        return DEFAULTS;
    }

    /** No client-side limiting (the service still enforces its quotas with 429s). */
    public static RateLimit disabled() {
        return DISABLED;
    }

    /** The defaults with every API's quota replaced by {@code permitsPerSecond} calls per second. */
    public static RateLimit perSecond(int permitsPerSecond) {
        return DEFAULTS.withPermitsPerSecond(permitsPerSecond);
    }

    /** Whether client-side limiting is on. */
    public boolean enabled() {
        return enabled;
    }

    /** The rate every API is limited to instead of its published quota, when one was set. */
    public OptionalInt permitsPerSecond() {
        return permitsPerSecond > 0 ? OptionalInt.of(permitsPerSecond) : OptionalInt.empty();
    }

    /** The share of every quota this client takes (1 = all of it). */
    public double share() {
        return share;
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
     * Whether the sliding-window guard is on (default): a call may leave only when fewer than the quota's permits
     * went out in the last window, counting each from when it left until one window after its response — so the
     * service never sees more than the quota in any window, whatever the network's delays. Turn it off for workloads
     * dominated by long {@code wait_for_ack} calls, which it slows (their responses come late).
     */
    public boolean strictWindow() {
        return strictWindow;
    }

    /** The longest pause a 429's {@code Retry-After} imposes on every caller of the quota (default 30 s). */
    public Duration maxPenalty() {
        return maxPenalty;
    }

    /**
     * The quota a call of {@code operation} to {@code appId} counts against: key {@code <appId>:<api>}, the published
     * (or overridden) calls per second times {@link #share()}, rounded down, at least 1.
     */
    public Quota quotaFor(Operation operation, String appId) {
        int base = permitsPerSecond > 0 ? permitsPerSecond : operation.quotaPerSecond();
        int permits = (int) Math.max(1, Math.floor(base * share));
        return Quota.perSecond(appId + ":" + operation.api(), permits);
    }

    /** A copy with the sliding-window guard on or off. */
    public RateLimit withStrictWindow(boolean strictWindow) {
        return new RateLimit(enabled, permitsPerSecond, share, maxWait, safetyMargin, strictWindow, maxPenalty);
    }

    /** A copy limiting every API to {@code permitsPerSecond} (at least 1) instead of its published quota. */
    public RateLimit withPermitsPerSecond(int permitsPerSecond) {
        if (permitsPerSecond < 1) {
            throw new RtmConfigurationException("rate limit must be at least 1 call per second: " + permitsPerSecond);
        }
        return new RateLimit(true, permitsPerSecond, share, maxWait, safetyMargin, strictWindow, maxPenalty);
    }

    /**
     * A copy taking this share, in (0, 1], of every quota: for {@code n} processes that send under one App ID without a
     * shared limiter, {@code 1.0 / n} each.
     */
    public RateLimit withShare(double share) {
        if (!(share > 0 && share <= 1)) {
            throw new RtmConfigurationException("rate limit share must be within (0, 1]: " + share);
        }
        return new RateLimit(enabled, permitsPerSecond, share, maxWait, safetyMargin, strictWindow, maxPenalty);
    }

    /** A copy with another maximum wait (zero = never wait). */
    public RateLimit withMaxWait(Duration maxWait) {
        Objects.requireNonNull(maxWait, "maxWait");
        if (maxWait.isNegative()) {
            throw new RtmConfigurationException("rate limit maxWait must not be negative: " + maxWait);
        }
        return new RateLimit(enabled, permitsPerSecond, share, maxWait, safetyMargin, strictWindow, maxPenalty);
    }

    /** A copy with another safety margin in [0, 0.5]. */
    public RateLimit withSafetyMargin(double safetyMargin) {
        if (!(safetyMargin >= 0 && safetyMargin <= 0.5)) {
            throw new RtmConfigurationException("rate limit safetyMargin must be within [0, 0.5]: " + safetyMargin);
        }
        return new RateLimit(enabled, permitsPerSecond, share, maxWait, safetyMargin, strictWindow, maxPenalty);
    }

    /** A copy with another cap on a 429's pause (zero or positive; zero = a 429 never pauses other callers). */
    public RateLimit withMaxPenalty(Duration maxPenalty) {
        Objects.requireNonNull(maxPenalty, "maxPenalty");
        if (maxPenalty.isNegative()) {
            throw new RtmConfigurationException("rate limit maxPenalty must not be negative: " + maxPenalty);
        }
        return new RateLimit(enabled, permitsPerSecond, share, maxWait, safetyMargin, strictWindow, maxPenalty);
    }

    @Override
    public String toString() {
        return enabled ? "RateLimit{" + (permitsPerSecond > 0 ? permitsPerSecond + "/s per App ID and API" : "published quotas")
                + (share < 1 ? " x " + share : "") + ", maxWait=" + maxWait + ", safetyMargin=" + safetyMargin
                + ", strictWindow=" + strictWindow + ", maxPenalty=" + maxPenalty + '}' : "RateLimit{disabled}";
    }
}
