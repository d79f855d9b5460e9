package io.rtm.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs every JMH benchmark once, in this JVM, for a moment: proves each one sets up, runs, and tears down cleanly
 * (the end-to-end ones fail their trial on any non-200 reply). No timing is asserted.
 */
class BenchmarksSmokeTest {

    private static Collection<RunResult> runOnce(Class<?> benchmark, boolean cpuProfiler) throws Exception {
        OptionsBuilder options = new OptionsBuilder();
        options.include(benchmark.getName() + "\\.")
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(150))
                .shouldFailOnError(true);
        if (cpuProfiler) {
            options.addProfiler(ClientCpuProfiler.class);
        }
        return new Runner(options.build()).run();
    }

    /** The short names of the benchmarks that ran; each must have a positive score. */
    private static Set<String> names(Collection<RunResult> results) {
        Set<String> names = new TreeSet<>();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            names.add(name.substring(name.lastIndexOf('.') + 1));
            assertThat(r.getPrimaryResult().getScore()).as(name).isPositive();
        }
        return names;
    }

    @Test
    void codecBenchmarksRunForEveryMessageShape() throws Exception {
        Collection<RunResult> results = runOnce(CodecBenchmark.class, false);
        assertThat(names(results)).containsExactly("channelEncode_baselineJackson", "channelEncode_sdk",
                "peerEncode_baselineJackson", "peerEncode_sdk", "replyDecode_baselineJackson", "replyDecode_sdk");
        assertThat(results).hasSize(4 * 2 + 2); // encoders for both shapes, decoders once
    }

    @Test
    void validationBenchmarksRun() throws Exception {
        assertThat(names(runOnce(ValidationBenchmark.class, false))).containsExactly("validate_baselineRegex", "validate_sdk");
    }

    @Test
    void dispatchBenchmarksRunWithOneAndTwoThreads() throws Exception {
        Collection<RunResult> results = runOnce(DispatchBenchmark.class, false);
        assertThat(names(results)).containsExactly("dispatch_1t_baselineEmptyChain", "dispatch_1t_sdkFullChain",
                "dispatch_2t_baselineEmptyChain", "dispatch_2t_sdkFullChain");
        for (RunResult r : results) {
            assertThat(r.getParams().getThreads()).isEqualTo(r.getParams().getBenchmark().contains("_2t_") ? 2 : 1);
        }
    }

    @Test
    void tracingBenchmarksRunOffWithTheNoopApiAndWithTheSdk() throws Exception {
        assertThat(names(runOnce(TracingBenchmark.class, false))).containsExactly("dispatch_1t_tracingNoopApi",
                "dispatch_1t_tracingOff", "dispatch_1t_tracingSdk");
    }

    @Test
    void endToEndBenchmarksRunCleanAgainstTheEmulatorAndReportClientCpu() throws Exception {
        Collection<RunResult> results = runOnce(EndToEndBenchmark.class, true);
        assertThat(names(results)).containsExactly("e2e_baselineRawHttpClient5", "e2e_sdk");
        for (RunResult r : results) {
            Map<String, Result> secondary = r.getSecondaryResults();
            assertThat(secondary).containsKeys("cpu.client", "cpu.emulator", "latency.p99", "latency.samples", "errors");
            assertThat(secondary.get("cpu.client").getScore()).isPositive();
            assertThat(secondary.get("latency.samples").getScore()).isPositive();
            assertThat(secondary.get("errors").getScore()).isZero();
        }
    }

    @Test
    void pipelineCostBenchmarksRun() throws Exception {
        assertThat(names(runOnce(PipelineCostsBenchmark.class, false))).containsExactly("basicAuthHeader",
                "bodyViewForTransport", "deadline_sweptSet", "httpRequest", "old_bodyCopyForTransport",
                "old_deadline_busyScheduler", "old_deadline_idleScheduler", "old_httpRequest", "old_requestUri",
                "pathSegment", "requestUri");
    }

    @Test
    void transportsBenchmarksRunCleanForBothTransportsAndTheirRawClients() throws Exception {
        Collection<RunResult> results = runOnce(TransportsBenchmark.class, true);
        assertThat(names(results)).containsExactly("httpclient5_baselineRaw", "httpclient5_sdk", "jdk_baselineRaw", "jdk_sdk");
        for (RunResult r : results) {
            assertThat(r.getSecondaryResults().get("errors").getScore()).isZero();
        }
    }

    @Test
    void startupBenchmarksRun() throws Exception {
        assertThat(names(runOnce(StartupBenchmark.class, false)))
                .containsExactly("startup_baselineRawHttpClient5", "startup_sdkBuild");
    }
}
