package io.rtm.benchmarks;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.rtm.core.PeerMessage;
import io.rtm.core.RateLimit;
import io.rtm.core.Rtm;
import io.rtm.core.RtmAsyncClient;
import io.rtm.core.RtmBuilder;
import io.rtm.core.SendResult;
import io.rtm.core.spi.Instrumentation;
import io.rtm.opentelemetry.RtmTracing;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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

/**
 * What tracing adds to one {@code sendPeer(...).join()} through the client to an {@link InMemoryTransport}, same run:
 * <ul>
 *   <li>{@code tracingOff}: no instrumentation (the baseline: the same client as {@link DispatchBenchmark}'s empty
 *       chain);</li>
 *   <li>{@code tracingNoopApi}: {@link RtmTracing} on {@link OpenTelemetry#noop()}: what every client pays with
 *       rtm-opentelemetry on the class path and no SDK or agent (target: at most +0.3 µs);</li>
 *   <li>{@code tracingSdk}: {@link RtmTracing} on the OpenTelemetry SDK, every span sampled and handed to an exporter
 *       that drops it ({@link SimpleSpanProcessor}: the export runs on the calling thread, so its cost is in the
 *       figure): two spans per call, W3C propagation, attributes.</li>
 * </ul>
 * No validation, no authentication, no metrics: the differences are tracing's alone.
 *
 * <p>Run: {@code java -jar target/benchmarks.jar TracingBenchmark -prof gc}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class TracingBenchmark {

    /** An instrumentation named like rtm-opentelemetry's and empty: keeps the discovered tracing out of a client. */
    static final Instrumentation NO_TRACING = new Instrumentation(RtmTracing.NAME, List.of(), List.of());

    /** Payload size in bytes of the message sent. */
    @Param({"1024"})
    public int payloadSize;

    PeerMessage message;
    InMemoryTransport transport;
    OpenTelemetrySdk sdk;
    RtmAsyncClient off;
    RtmAsyncClient noopApi;
    RtmAsyncClient withSdk;

    /** An exporter that drops every span. */
    static final class DroppingExporter implements SpanExporter {
        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }

    /** Builds the three clients on one in-memory transport. */
    @Setup
    public void setUp() {
        message = Fixtures.peer(payloadSize);
        transport = new InMemoryTransport();
        sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(new DroppingExporter())).build())
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                .build();
        off = base(transport).addInstrumentation(NO_TRACING).buildAsync();
        noopApi = RtmTracing.bindTo(base(transport), OpenTelemetry.noop()).buildAsync();
        withSdk = RtmTracing.bindTo(base(transport), sdk).buildAsync();
    }

    private static RtmBuilder base(InMemoryTransport transport) {
        return Rtm.builder()
                .endpoint("http://127.0.0.1:9")
                .appId(Fixtures.APP_ID)
                .transport(transport)
                .rateLimit(RateLimit.disabled())
                .validator(DispatchBenchmark.NOOP_VALIDATOR)
                .authenticator(DispatchBenchmark.NOOP_AUTHENTICATOR);
    }

    /** Closes the clients and the SDK. */
    @TearDown
    public void tearDown() {
        off.close();
        noopApi.close();
        withSdk.close();
        sdk.close();
    }

    /** Baseline: no tracing. */
    @Benchmark
    @Threads(1)
    public SendResult dispatch_1t_tracingOff() {
        return off.sendPeer(message).join();
    }

    /** rtm-opentelemetry on the no-op API. */
    @Benchmark
    @Threads(1)
    public SendResult dispatch_1t_tracingNoopApi() {
        return noopApi.sendPeer(message).join();
    }

    /** rtm-opentelemetry on the SDK, spans dropped by the exporter. */
    @Benchmark
    @Threads(1)
    public SendResult dispatch_1t_tracingSdk() {
        return withSdk.sendPeer(message).join();
    }
}
