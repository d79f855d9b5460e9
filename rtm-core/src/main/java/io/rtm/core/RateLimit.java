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
 * margin 0.5%, so sustained sending reaches 99.5% of the quota), and its sliding-window guard ({@link #strictWindow()},
 * {@link #arrivalSpread()}) makes sure that delays between the client and the service do not push a call into a window
 * that already holds the quota. After a 429 every caller of that quota pauses for the reply's {@code Retry-After}, at most
 * {@link #maxPenalty()}.
 */
public final class RateLimit {

    /**
     * The arrival spread meaning "no assumption": the sliding-window guard holds each call until one window after its
     * response (provable whatever the network does; slow responses then cap the rate). See {@link #arrivalSpread()}.
     */
    public static final Duration UNBOUNDED_SPREAD = java.time.temporal.ChronoUnit.FOREVER.getDuration();

    private static final Duration DEFAULT_MAX_PENALTY = Duration.ofSeconds(30);
    private static final Duration DEFAULT_ARRIVAL_SPREAD = Duration.ofMillis(20);
    private static final RateLimit DEFAULTS = new RateLimit(true, 0, 1.0, Duration.ofSeconds(10), 0.005, true,
            DEFAULT_ARRIVAL_SPREAD, DEFAULT_MAX_PENALTY);
    private static final RateLimit DISABLED = new RateLimit(false, 0, 1.0, Duration.ZERO, 0, false,
            DEFAULT_ARRIVAL_SPREAD, DEFAULT_MAX_PENALTY);

    private final boolean enabled;
    /** Calls per second for every API instead of the published quotas; 0 = the published ones. */
    private final int permitsPerSecond;
    private final double share;
    private final Duration maxWait;
    private final double safetyMargin;
    private final boolean strictWindow;
    private final Duration arrivalSpread;
    private final Duration maxPenalty;

    private RateLimit(boolean enabled, int permitsPerSecond, double share, Duration maxWait, double safetyMargin,
                      boolean strictWindow, Duration arrivalSpread, Duration maxPenalty) {
        this.enabled = enabled;
        this.permitsPerSecond = permitsPerSecond;
        this.share = share;
        this.maxWait = maxWait;
        this.safetyMargin = safetyMargin;
        this.strictWindow = strictWindow;
        this.arrivalSpread = arrivalSpread;
        this.maxPenalty = maxPenalty;
    }

    /**
     * The published quota of every operation, the whole of it; waits up to 10 s; 0.5% safety margin; the sliding-window
     * guard assuming a 20 ms arrival spread; 429 pause at most 30 s.
     */
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
     * Whether the sliding-window guard is on (default): a call may leave only when fewer than the quota's permits are
     * held, each held from when it left until one window after the service can last have counted it (see
     * {@link #arrivalSpread()}) — so the service never sees more than the quota in any of its windows.
     */
    public boolean strictWindow() {
        return strictWindow;
    }

    /**
     * What the sliding-window guard assumes about the network (default 20 ms): the delay from a call leaving to the
     * service counting it varies by at most this much between calls, beyond what the replies show. A delay common to
     * every call (a distant service, a slow {@code wait_for_ack} reply) costs nothing; what must be covered is one call
     * delayed more than the next (a GC pause right after the permit, a TCP retransmission, a new TLS connection). The
     * guard holds each call until one window after the latest moment the service can have counted it: never later than
     * its reply (a proof); a reply later than the fastest recent one is read as a call that may have been as late on its
     * way in (evidence); and a call whose reply has not come one window plus the spread after it left is taken as
     * counted (the assumption; only latencies above one second reach it). So the rate stays below {@code quota / (1 s
     * + spread)} (98% with 20 ms) when replies are steady, whatever their latency; replies that vary a lot for reasons
     * after the service counted the call (a receiver's ack) lower it toward {@code quota / (1 s + their spread)}, the
     * safe side. When a 429 shows that the assumption failed, the guard assumes twice the spread (at least 50 ms, at
     * most one window) until a minute passes without a 429. {@link #UNBOUNDED_SPREAD} assumes nothing: each call is held
     * until one window after its reply, provably never a 429 from delays, but the rate is then capped at {@code quota /
     * (1 s + latency)} (333/s at 500 ms).
     */
    public Duration arrivalSpread() {
        return arrivalSpread;
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

    /** A copy assuming this arrival spread (zero or positive; {@link #UNBOUNDED_SPREAD}: no assumption). See {@link #arrivalSpread()}. */
    public RateLimit withArrivalSpread(Duration arrivalSpread) {
        Objects.requireNonNull(arrivalSpread, "arrivalSpread");
        if (arrivalSpread.isNegative()) {
            throw new RtmConfigurationException("rate limit arrivalSpread must not be negative: " + arrivalSpread);
        }
        return new RateLimit(enabled, permitsPerSecond, share, maxWait, safetyMargin, strictWindow, arrivalSpread, maxPenalty);
    }

    /** A copy with the sliding-window guard on or off. */
    public RateLimit withStrictWindow(boolean strictWindow) {
        return new RateLimit(enabled, permitsPerSecond, share, maxWait, safetyMargin, strictWindow, arrivalSpread, maxPenalty);
    }

    /** A copy limiting every API to {@code permitsPerSecond} (at least 1) instead of its published quota. */
    public RateLimit withPermitsPerSecond(int permitsPerSecond) {
        if (permitsPerSecond < 1) {
            throw new RtmConfigurationException("rate limit must be at least 1 call per second: " + permitsPerSecond);
        }
        return new RateLimit(true, permitsPerSecond, share, maxWait, safetyMargin, strictWindow, arrivalSpread, maxPenalty);
    }

    /**
     * A copy taking this share, in (0, 1], of every quota: for {@code n} processes that send under one App ID without a
     * shared limiter, {@code 1.0 / n} each.
     */
    public RateLimit withShare(double share) {
        if (!(share > 0 && share <= 1)) {
            throw new RtmConfigurationException("rate limit share must be within (0, 1]: " + share);
        }
        return new RateLimit(enabled, permitsPerSecond, share, maxWait, safetyMargin, strictWindow, arrivalSpread, maxPenalty);
    }

    /** A copy with another maximum wait (zero = never wait). */
    public RateLimit withMaxWait(Duration maxWait) {
        Objects.requireNonNull(maxWait, "maxWait");
        if (maxWait.isNegative()) {
            throw new RtmConfigurationException("rate limit maxWait must not be negative: " + maxWait);
        }
        return new RateLimit(enabled, permitsPerSecond, share, maxWait, safetyMargin, strictWindow, arrivalSpread, maxPenalty);
    }

    /** A copy with another safety margin in [0, 0.5]. */
    public RateLimit withSafetyMargin(double safetyMargin) {
        if (!(safetyMargin >= 0 && safetyMargin <= 0.5)) {
            throw new RtmConfigurationException("rate limit safetyMargin must be within [0, 0.5]: " + safetyMargin);
        }
        return new RateLimit(enabled, permitsPerSecond, share, maxWait, safetyMargin, strictWindow, arrivalSpread, maxPenalty);
    }

    /** A copy with another cap on a 429's pause (zero or positive; zero = a 429 never pauses other callers). */
    public RateLimit withMaxPenalty(Duration maxPenalty) {
        Objects.requireNonNull(maxPenalty, "maxPenalty");
        if (maxPenalty.isNegative()) {
            throw new RtmConfigurationException("rate limit maxPenalty must not be negative: " + maxPenalty);
        }
        return new RateLimit(enabled, permitsPerSecond, share, maxWait, safetyMargin, strictWindow, arrivalSpread, maxPenalty);
    }

    @Override
    public String toString() {
        return enabled ? "RateLimit{" + (permitsPerSecond > 0 ? permitsPerSecond + "/s per App ID and API" : "published quotas")
                + (share < 1 ? " x " + share : "") + ", maxWait=" + maxWait + ", safetyMargin=" + safetyMargin
                + ", strictWindow=" + strictWindow + (strictWindow ? ", arrivalSpread="
                + (arrivalSpread.equals(UNBOUNDED_SPREAD) ? "unbounded" : arrivalSpread) : "")
                + ", maxPenalty=" + maxPenalty + '}' : "RateLimit{disabled}";
    }
}
