package io.rtm.ratelimit.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rtm.core.error.RtmConfigurationException;
import io.rtm.core.spi.Quota;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The pace of each quota, and each process's share of it while Redis is down: arithmetic, no Redis. */
class PaceTest {

    private static final long MAX_LATENESS = 5_000; // the builder's default, microseconds

    private static Pace pace(int permits, double utilization, int burst) {
        return Pace.of(Quota.perSecond("app:peer", permits), utilization, burst, MAX_LATENESS);
    }

    @Test
    void spacesSlotsByTheWindowOverPermitsTimesUtilizationRoundedUp() {
        assertThat(pace(500, 0.97, 1).intervalMicros()).isEqualTo(2062);    // 1 s / 485 = 2061.9
        assertThat(pace(100, 0.5, 1).intervalMicros()).isEqualTo(20_000);
        assertThat(pace(10, 0.97, 1).intervalMicros()).isEqualTo(103_093);  // 1 s / 9.7 = 103092.8
        assertThat(Pace.of(new Quota("k", 10, Duration.ofSeconds(2)), 0.5, 1, MAX_LATENESS).intervalMicros()).isEqualTo(400_000);
    }

    @Test
    void fitsEachQuotaTheLargestBurstWhoseMarginStillCoversTwiceMaxLateness() {
        // (permits - burst + 1) × interval - 1 s >= 10 ms
        assertThat(pace(500, 0.97, 20).burst()).isEqualTo(11);  // 490 × 2062 = 1,010,380 us
        assertThat(pace(100, 0.97, 20).burst()).isEqualTo(3);   // 98 × 10310 = 1,010,380 us
        assertThat(pace(10, 0.97, 20).burst()).isEqualTo(1);    // the published events quota takes no burst
        for (int permits : new int[] {500, 100, 10}) {
            Pace fitted = pace(permits, 0.97, 20);
            assertThat(fitted.jitterBudgetMicros()).as("%d/s", permits).isGreaterThanOrEqualTo(2 * MAX_LATENESS);
            assertThat(fitted.toleranceMicros()).isEqualTo((fitted.burst() - 1L) * fitted.intervalMicros());
            if (fitted.burst() < 20) {
                Pace oneMore = new Pace(permits, 1_000_000, fitted.intervalMicros(), fitted.burst() * fitted.intervalMicros(), fitted.burst() + 1);
                assertThat(oneMore.jitterBudgetMicros()).as("%d/s, one more", permits).isLessThan(2 * MAX_LATENESS);
            }
        }
    }

    @Test
    void neverGivesAQuotaMoreBurstThanItsPermitsOrThanConfigured() {
        assertThat(Pace.of(Quota.perSecond("k", 2), 0.1, 5, MAX_LATENESS).burst()).isEqualTo(2);
        assertThat(pace(500, 0.97, 4).burst()).isEqualTo(4);
        assertThat(pace(500, 0.97, 1).toleranceMicros()).isZero();
    }

    @Test
    void everyQuotaGetsAtLeastTheMarginAtBurstOneThatBuildChecks() {
        long margin = Pace.marginAtBurstOneMicros(0.97, Pace.SECOND_MICROS);
        assertThat(margin).isEqualTo(30_927);
        for (int permits = 1; permits <= 2_000; permits++) {
            assertThat(pace(permits, 0.97, 1).jitterBudgetMicros()).as("%d/s", permits).isGreaterThanOrEqualTo(margin);
        }
    }

    @Test
    void refusesAQuotaWhoseWindowIsTooShortForMaxLateness() {
        // 10 per 100 ms at 0.97: a margin of about 3 ms, less than 10 ms
        assertThatThrownBy(() -> Pace.of(new Quota("app:fast", 10, Duration.ofMillis(100)), 0.97, 1, MAX_LATENESS))
                .isInstanceOf(RtmConfigurationException.class).hasMessageContaining("app:fast").hasMessageContaining("maxLateness");
    }

    @Test
    void aFleetOnItsLocalSharesNeverHoldsMoreThanTheQuotaInAWindow() {
        assertThat(LocalFallback.share(Quota.perSecond("k", 500), 4)).isEqualTo(Quota.perSecond("k", 125));
        assertThat(LocalFallback.share(Quota.perSecond("k", 10), 4)).isEqualTo(Quota.perSecond("k", 2));
        assertThat(LocalFallback.share(Quota.perSecond("k", 100), 1)).isEqualTo(Quota.perSecond("k", 100));
        for (int permits = 1; permits <= 600; permits++) {
            for (int fleet = 1; fleet <= 40; fleet++) {
                Quota share = LocalFallback.share(Quota.perSecond("k", permits), fleet);
                if (permits >= fleet) {
                    assertThat(share.window()).isEqualTo(Duration.ofSeconds(1));
                    assertThat((long) share.permits() * fleet).as("%d/s over %d", permits, fleet).isLessThanOrEqualTo(permits);
                }
            }
        }
    }

    @Test
    void aQuotaWithFewerPermitsThanProcessesGivesEachOnePermitPerSeveralWindows() {
        // 16 processes at 1 per 2 s: 8 calls/s on average for a quota of 10/s (max(1, 10 / 16) per second would be 16/s)
        assertThat(LocalFallback.share(Quota.perSecond("k", 10), 16)).isEqualTo(new Quota("k", 1, Duration.ofSeconds(2)));
        assertThat(LocalFallback.share(Quota.perSecond("k", 1), 3)).isEqualTo(new Quota("k", 1, Duration.ofSeconds(3)));
        for (int permits = 1; permits <= 40; permits++) {
            for (int fleet = permits + 1; fleet <= 60; fleet++) {
                Quota share = LocalFallback.share(Quota.perSecond("k", permits), fleet);
                double perSecond = (double) fleet * share.permits() / share.window().toSeconds();
                assertThat(perSecond).as("%d/s over %d", permits, fleet).isLessThanOrEqualTo(permits);
            }
        }
    }
}
