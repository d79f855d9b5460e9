package io.rtm.ratelimit.redis;

import io.rtm.core.error.RtmConfigurationException;

/**
 * How one quota is paced on Redis: the GCRA interval and tolerance derived from the service's quota, the
 * configured utilization and burst. Immutable.
 *
 * <p>Why the margin: the service accepts at most {@code quota} calls in ANY one-second window as it receives them.
 * Slots at least {@code interval} apart put at most {@code floor((1 s + J) / interval) + burst} calls into a window
 * when their use times spread by {@code J} (lateness here, delays on the way there), so
 * {@link #jitterBudgetMicros()} is the spread the pace can absorb without a 429.
 */
record Pace(int quotaPerSecond, long intervalMicros, long toleranceMicros, int burst) {

    static final long SECOND_MICROS = 1_000_000L;

    /** The pace for a quota at this utilization and burst; checks that the margin covers twice the lateness. */
    static Pace of(int quotaPerSecond, double utilization, int burst, long maxLatenessMicros) {
        if (quotaPerSecond < 1) {
            throw new RtmConfigurationException("quota must be at least 1 call per second: " + quotaPerSecond);
        }
        if (burst > quotaPerSecond) {
            throw new RtmConfigurationException("burst (" + burst + ") must not exceed the quota of " + quotaPerSecond + "/s");
        }
        // ceil: an interval rounded up can only pace slower
        long interval = (long) Math.ceil(SECOND_MICROS / (quotaPerSecond * utilization));
        Pace pace = new Pace(quotaPerSecond, interval, (burst - 1L) * interval, burst);
        if (pace.jitterBudgetMicros() < 2 * maxLatenessMicros) {
            throw new RtmConfigurationException("utilization " + utilization + " with burst " + burst + " leaves a margin of "
                    + pace.jitterBudgetMicros() + " us per window for a quota of " + quotaPerSecond + "/s, less than twice "
                    + "maxLateness (" + maxLatenessMicros + " us): lower the utilization or the burst, or shorten maxLateness");
        }
        return pace;
    }

    /** Calls per second this pace lets through when saturated. */
    double permitsPerSecond() {
        return (double) SECOND_MICROS / intervalMicros;
    }

    /**
     * The largest spread of use times (early to late) that still keeps every one-second window at or under the quota:
     * {@code (quota - burst + 1) * interval - 1 s}.
     */
    long jitterBudgetMicros() {
        return (quotaPerSecond - burst + 1L) * intervalMicros - SECOND_MICROS;
    }
}
