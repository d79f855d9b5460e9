package io.rtm.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The harness mains, run briefly: they complete and report what they promise. No timing is asserted. */
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
    void quotaRunAtALatencyKeepsQuotaTimesLatencyInFlight() {
        QuotaRun.Result r = QuotaRun.run(2, 0, java.time.Duration.ofMillis(200));
        assertThat(r.accepted()).isPositive();
        assertThat(r.rejected429()).isZero();
        assertThat(r.latencyMillis()).isEqualTo(200);
        assertThat(r.peakInFlight()).as("automatic: well above 64 at 200 ms").isGreaterThan(64);
    }

    @Test
    void fleetRunSendsThroughOneRedisFromASeparateJvm() throws Exception {
        try (io.rtm.ratelimit.redis.TestRedis redis = io.rtm.ratelimit.redis.TestRedis.start();
             io.rtm.emulator.RtmEmulator emulator = io.rtm.emulator.RtmEmulator.builder().start()) {
            FleetRun.Result r = FleetRun.run(emulator, redis, 1, false, 1, java.time.Duration.ZERO,
                    new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
            assertThat(r.accepted()).isPositive();
            assertThat(r.permits()).as("permits came from Redis").isPositive();
            assertThat(r.scriptRuns()).as("a reservation and a release per permit (the last releases may not be in)").isGreaterThan(r.permits());
            assertThat(r.workerLines()).singleElement().asString().startsWith("worker pid=");
        }
    }

    @Test
    void memoryRunFansOutWithAJournalToAnEmulatorInAnotherJvm() throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.PrintStream original = System.out;
        System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            MemoryRun.main(new String[] {"--recipients", "2000", "--rate", "2000"});
        } finally {
            System.setOut(original);
        }
        assertThat(out.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("fan-out of 2,000 recipients")
                .contains("2,000 sent, 0 failed").contains("largest live heap");
    }

    @Test
    void endToEndRunMeasuresEverySideInEveryRound() throws Exception {
        List<Map<String, EndToEndRun.Leg>> rounds = EndToEndRun.run(LoadDriver.SIDES, 2, 150, 0, 8, 256);
        assertThat(rounds).hasSize(2);
        for (Map<String, EndToEndRun.Leg> legs : rounds) {
            assertThat(legs).containsOnlyKeys("raw", "sdk", "jdk-raw", "jdk-sdk", "sdk-direct");
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
