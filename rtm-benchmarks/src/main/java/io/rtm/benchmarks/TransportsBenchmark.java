package io.rtm.benchmarks;

import io.rtm.core.PeerMessage;
import io.rtm.emulator.AppStats;
import io.rtm.emulator.RtmEmulator;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * The two transports, each beside its raw client, end to end against the in-process emulator with {@code inFlight}
 * requests in flight (the {@link EndToEndBenchmark} set-up): the SDK on rtm-transport-httpclient vs Apache
 * HttpClient 5 by hand, and the SDK on rtm-transport-jdk vs {@code java.net.http} by hand. Read per-request client
 * CPU from {@link ClientCpuProfiler} ({@code ·cpu.client}, and {@code ·cpu.processMinusEmulator}, which also sees the
 * short-lived threads {@code java.net.http} starts per exchange on Java 17 with 2 cores).
 *
 * <p>Run: {@code java -jar target/benchmarks.jar TransportsBenchmark -prof io.rtm.benchmarks.ClientCpuProfiler}
 * (add {@code -jvmArgsAppend -Djava.util.concurrent.ForkJoinPool.common.parallelism=2} to see the JDK client
 * without its thread per exchange).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 4, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Threads(1)
public class TransportsBenchmark {

    /** Requests in flight. */
    @Param({"64"})
    public int inFlight;

    RtmEmulator emulator;
    LoadDriver driver;

    /** Starts the emulator and the one client this benchmark measures. */
    @Setup
    public void setUp(BenchmarkParams params) {
        String name = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
        String side = switch (name) {
            case "httpclient5_sdk" -> "sdk";
            case "httpclient5_baselineRaw" -> "raw";
            case "jdk_sdk" -> "jdk-sdk";
            case "jdk_baselineRaw" -> "jdk-raw";
            default -> throw new IllegalStateException(name);
        };
        emulator = RtmEmulator.builder().rateLimitPerSecond(1_000_000).start();
        PeerMessage message = Fixtures.peer(1024);
        driver = LoadDriver.create(side, emulator, message, EndToEndBenchmark.captureSdkRequest(emulator, message), inFlight);
    }

    /** SDK on rtm-transport-httpclient. */
    @Benchmark
    public void httpclient5_sdk() {
        driver.sendOne();
    }

    /** Apache HttpClient 5 by hand. */
    @Benchmark
    public void httpclient5_baselineRaw() {
        driver.sendOne();
    }

    /** SDK on rtm-transport-jdk. */
    @Benchmark
    public void jdk_sdk() {
        driver.sendOne();
    }

    /** {@code java.net.http.HttpClient} by hand. */
    @Benchmark
    public void jdk_baselineRaw() {
        driver.sendOne();
    }

    /** Takes the profiler's end-of-iteration readings before a trial tear-down could close anything. */
    @TearDown(Level.Iteration)
    public void endOfIteration() {
        ClientCpuProfiler.markIterationEnd();
    }

    /** Drains, closes, and fails the trial if any request failed. */
    @TearDown
    public void tearDown() throws InterruptedException {
        boolean drained = driver.drain(30, TimeUnit.SECONDS);
        AppStats stats = emulator.stats(emulator.app().appId());
        driver.close();
        emulator.close();
        if (!drained || driver.failures() > 0) {
            throw new IllegalStateException("run not clean: drained=" + drained + ", failures=" + driver.failures()
                    + ", emulator statuses=" + stats.byStatus());
        }
    }
}
