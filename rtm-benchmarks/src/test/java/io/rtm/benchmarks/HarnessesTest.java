package io.rtm.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The two harness mains, run briefly: they complete and report what they promise. No timing is asserted. */
class HarnessesTest {

    @Test
    void quotaRunAtTheDefaultConfigGetsNo429FromTheStrictEmulator() {
        QuotaRun.Result r = QuotaRun.run(1, 64);
        assertThat(r.accepted()).isPositive();
        assertThat(r.rejected429()).isZero();
        assertThat(r.otherFailures()).isZero();
        assertThat(r.busiestWindow()).isBetween(1, 500);
    }

    @Test
    void endToEndRunMeasuresEverySideInEveryRound() throws Exception {
        List<Map<String, EndToEndRun.Leg>> rounds = EndToEndRun.run(LoadDriver.SIDES, 2, 150, 0, 8, 256);
        assertThat(rounds).hasSize(2);
        for (Map<String, EndToEndRun.Leg> legs : rounds) {
            assertThat(legs).containsOnlyKeys("raw", "sdk", "jdk-raw", "jdk-sdk");
            assertThat(legs.values()).allSatisfy(l -> {
                assertThat(l.throughput()).isPositive();
                assertThat(l.cpuMicros()).isPositive();
            });
        }
    }

    @Test
    void startupRunTimesEveryKindInFreshJvms() throws Exception {
        Map<String, StartupRun.Timings> timings = StartupRun.run(1);
        assertThat(timings).containsOnlyKeys("jvm", "raw", "sdk");
        for (StartupRun.Timings t : timings.values()) {
            assertThat(t.wallMillis()).hasSize(1);
            assertThat(t.wallMillis().get(0)).isPositive();
        }
    }
}
