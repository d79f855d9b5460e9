package io.rtm.benchmarks;

import io.rtm.core.RtmClient;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.core5.io.CloseMode;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cold start, one shot per fresh JVM: {@code Rtm.builder()...build()} (Guice, plugin discovery, transport, TLS
 * context, scheduler) beside a bare Apache HttpClient 5 async client built and started. Each fork times exactly one
 * call, so class loading and interpretation are all in; JMH's own classes are already loaded in the fork (the
 * whole-JVM view is {@link StartupRun}).
 *
 * <p>Run: {@code java -jar target/benchmarks.jar StartupBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(20)
public class StartupBenchmark {

    private RtmClient sdk;
    private CloseableHttpAsyncClient raw;

    /** SDK: builds the blocking client as a user does. */
    @Benchmark
    public RtmClient startup_sdkBuild() {
        sdk = StartupProbe.buildSdk();
        return sdk;
    }

    /** Baseline: a bare HttpClient 5 async client, built and started. */
    @Benchmark
    public CloseableHttpAsyncClient startup_baselineRawHttpClient5() {
        raw = RawHttpClient5.start();
        return raw;
    }

    /** Closes what the shot built. */
    @TearDown(Level.Iteration)
    public void close() {
        if (sdk != null) {
            sdk.close();
            sdk = null;
        }
        if (raw != null) {
            raw.close(CloseMode.GRACEFUL);
            raw = null;
        }
    }
}
