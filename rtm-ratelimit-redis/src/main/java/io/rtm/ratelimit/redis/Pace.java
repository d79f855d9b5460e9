package io.rtm.ratelimit.redis;

import io.rtm.core.error.RtmConfigurationException;
import io.rtm.core.spi.Quota;

/**
 * How one quota is paced on Redis: the GCRA interval and tolerance derived from the quota (as the client passes it),
 * the configured utilization and burst. Immutable.
 *
 * <p>Why the margin: the service accepts at most {@code permits} calls in ANY window as it receives them. Slots at
 * least {@code interval} apart put at most {@code floor((window + J) / interval) + burst} calls into a window when
 * their use times spread by {@code J} (lateness here, delays on the way there), so {@link #jitterBudgetMicros()} is
 * the spread the pace can absorb without a 429. It must cover twice maxLateness (a permit may be granted that late,
 * and the one a window earlier that early). At burst 1 the budget is at least {@code window × (1 / utilization - 1)}
 * for every quota ({@link #marginAtBurstOneMicros}, checked when the limiter is built); each extra permit of burst
 * costs one interval, which depends on the quota, so the burst is fitted to each quota ({@link #of}).
 */
record Pace(int permits, long windowMicros, long intervalMicros, long toleranceMicros, int burst) {

    static final long SECOND_MICROS = 1_000_000L;
    /** The pace of the health probe, which reserves nothing (its interval and tolerance are never used). */
    static final Pace PROBE = new Pace(1, SECOND_MICROS, SECOND_MICROS, 0, 1);

    /**
     * The pace of a quota: slots {@code window / (permits × utilization)} apart (rounded up: slower, never faster), and
     * the largest burst up to {@code burst} (and up to the quota's permits) whose margin still covers twice
     * {@code maxLatenessMicros}; see {@link #burst()} for the one used.
     *
     * @throws RtmConfigurationException when not even a burst of 1 fits (a window much shorter than a second)
     */
    static Pace of(Quota quota, double utilization, int burst, long maxLatenessMicros) {
        long window = quota.window().toNanos() / 1000;
        int permits = quota.permits();
        long interval = (long) Math.ceil(window / (permits * utilization));
        // the budget (permits - b + 1) × interval - window must be >= 2 × maxLateness: the largest such b
        long fitting = permits + 1 - ceilDiv(window + 2 * maxLatenessMicros, interval);
        int used = (int) Math.max(0, Math.min(Math.min(burst, permits), fitting));
        if (used < 1) {
            Pace single = new Pace(permits, window, interval, 0, 1);
            throw new RtmConfigurationException("utilization " + utilization + " leaves a margin of " + single.jitterBudgetMicros()
                    + " us per window for the quota " + quota + ", less than twice maxLateness (" + maxLatenessMicros
                    + " us): lower the utilization or shorten maxLateness");
        }
        return new Pace(permits, window, interval, (used - 1L) * interval, used);
    }

    /**
     * The margin every quota with a window of {@code windowMicros} gets at burst 1, at the least:
     * {@code window × (1 / utilization - 1)}, rounded down (rounding the interval up only widens it).
     */
    static long marginAtBurstOneMicros(double utilization, long windowMicros) {
        return (long) Math.floor(windowMicros * (1 / utilization - 1));
    }

    /**
     * The largest spread of use times (early to late) that still keeps every window at or under the quota:
     * {@code (permits - burst + 1) × interval - window}.
     */
    long jitterBudgetMicros() {
        return (permits - burst + 1L) * intervalMicros - windowMicros;
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
