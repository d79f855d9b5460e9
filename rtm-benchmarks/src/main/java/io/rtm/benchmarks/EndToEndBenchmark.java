package io.rtm.benchmarks;

import io.rtm.core.Credentials;
import io.rtm.core.PeerMessage;
import io.rtm.core.RateLimit;
import io.rtm.core.RetryPolicy;
import io.rtm.core.Rtm;
import io.rtm.core.RtmAsyncClient;
import io.rtm.core.RtmBuilder;
import io.rtm.core.spi.HttpRequest;
import io.rtm.emulator.AppStats;
import io.rtm.emulator.EmulatorApp;
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
 * End to end over loopback: {@link RtmAsyncClient} (discovered HttpClient 5 transport, validator and Basic
 * authenticator; {@link RateLimit#disabled()}, {@link RetryPolicy#none()}) against an in-process
 * {@link RtmEmulator} whose quota is raised to 1,000,000/s, beside the raw baseline ({@link RawHttpClient5}) posting
 * the very request the SDK builds (same URI, headers and body bytes) to the same emulator.
 *
 * <p>Open window of {@code inFlight} requests: each operation waits for a free slot, sends, and the completion frees
 * the slot; the score is requests per second. The emulator (Jetty) runs in the same JVM and shares the 2 cores with
 * the client. Only the client under test is built in a fork (the benchmark name chooses). Any non-200 reply or
 * failure is counted and fails the trial.
 *
 * <p>Run with the CPU/latency profiler:
 * {@code java -jar target/benchmarks.jar EndToEndBenchmark -prof io.rtm.benchmarks.ClientCpuProfiler -prof gc}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 4, time = 3)
@Measurement(iterations = 6, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Threads(1)
public class EndToEndBenchmark {

    /** Requests in flight. */
    @Param({"64"})
    public int inFlight;

    /** Payload size in bytes. */
    @Param({"1024"})
    public int payloadSize;

    RtmEmulator emulator;
    PeerMessage message;
    LoadDriver driver;

    /** Starts the emulator and the client under test; captures the SDK's request for the baseline. */
    @Setup
    public void setUp(BenchmarkParams params) {
        emulator = RtmEmulator.builder().rateLimitPerSecond(1_000_000).start();
        message = Fixtures.peer(payloadSize);
        driver = LoadDriver.create(params.getBenchmark().endsWith("_sdk") ? "sdk" : "raw", emulator, message,
                captureSdkRequest(emulator, message), inFlight);
    }

    /** The SDK client of this benchmark: defaults but no rate limit and no retries. */
    static RtmBuilder sdkClient(RtmEmulator emulator) {
        EmulatorApp app = emulator.app();
        return Rtm.builder()
                .endpoint(emulator.baseUri().toString())
                .appId(app.appId())
                .credentials(Credentials.basic(app.apiKey(), app.apiSecret()))
                .rateLimit(RateLimit.disabled())
                .retryPolicy(RetryPolicy.none());
    }

    /** The exact request (URI, headers, body) the SDK client sends for the message, authenticated. */
    static HttpRequest captureSdkRequest(RtmEmulator emulator, PeerMessage message) {
        InMemoryTransport capture = new InMemoryTransport();
        try (RtmAsyncClient client = sdkClient(emulator).transport(capture).buildAsync()) {
            client.sendPeer(message).join();
        }
        return capture.lastRequest();
    }

    /** SDK: one more request into the window. */
    @Benchmark
    public void e2e_sdk() {
        driver.sendOne();
    }

    /** Baseline: the same request with raw HttpClient 5. */
    @Benchmark
    public void e2e_baselineRawHttpClient5() {
        driver.sendOne();
    }

    /** Takes the profiler's end-of-iteration readings before a trial tear-down could close anything. */
    @TearDown(Level.Iteration)
    public void endOfIteration() {
        ClientCpuProfiler.markIterationEnd();
    }

    /** Waits for the requests in flight, closes everything, and fails the trial if any request failed. */
    @TearDown
    public void tearDown() throws InterruptedException {
        boolean drained = driver.drain(30, TimeUnit.SECONDS);
        AppStats stats = emulator.stats(emulator.app().appId());
        driver.close();
        long unexpected = emulator.unexpectedErrors();
        emulator.close();
        if (!drained || driver.failures() > 0 || unexpected > 0) {
            throw new IllegalStateException("end-to-end run not clean: drained=" + drained + ", failures=" + driver.failures()
                    + ", emulator unexpected errors=" + unexpected + ", emulator statuses=" + stats.byStatus());
        }
    }
}
