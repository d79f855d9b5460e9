package io.rtm.metrics;

import static io.rtm.metrics.Clients.builder;
import static io.rtm.metrics.Clients.peer;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelBaggageManager;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.rtm.core.RetryPolicy;
import io.rtm.core.RtmClient;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a Spring Boot application with Micrometer Tracing's OpenTelemetry bridge gets from the Observation mode, with
 * no OpenTelemetry code of its own: the same span tree as rtm-opentelemetry (names, kinds, parents, attributes) and a
 * W3C traceparent of each exchange span on its request.
 */
class ObservationTracingBridgeTest {

    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance())).build();
    private final ScriptedTransport transport = new ScriptedTransport();

    @AfterEach
    void close() {
        sdk.close();
    }

    /** As Spring Boot's tracing auto-configuration wires it. */
    private ObservationRegistry tracingRegistry() {
        io.opentelemetry.api.trace.Tracer otelTracer = sdk.getTracer("io.micrometer.micrometer-tracing");
        OtelCurrentTraceContext current = new OtelCurrentTraceContext();
        OtelTracer tracer = new OtelTracer(otelTracer, current, event -> { },
                new OtelBaggageManager(current, List.of(), List.of()));
        OtelPropagator propagator = new OtelPropagator(sdk.getPropagators(), otelTracer);
        ObservationRegistry registry = ObservationRegistry.create();
        registry.observationConfig().observationHandler(new ObservationHandler.FirstMatchingCompositeObservationHandler(
                new PropagatingSenderTracingObservationHandler<>(tracer, propagator),
                new PropagatingReceiverTracingObservationHandler<>(tracer, propagator),
                new DefaultTracingObservationHandler(tracer)));
        return registry;
    }

    @Test
    void aRetriedCallIsTheSameSpanTreeAsRtmOpenTelemetrysWithATraceparentPerExchange() {
        transport.respond(503, "{\"code\":\"busy\",\"request_id\":\"r-0\"}").respondSent();
        RetryPolicy fast = RetryPolicy.builder().initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(2)).build();
        try (RtmClient c = RtmMetrics.builder(new SimpleMeterRegistry()).observationRegistry(tracingRegistry()).build()
                .bindTo(builder(transport).retryPolicy(fast)).build()) {
            c.sendPeer(peer());
        }
        List<SpanData> spans = exporter.getFinishedSpanItems().stream()
                .sorted(Comparator.comparingLong(SpanData::getStartEpochNanos)).toList();
        assertThat(spans).extracting(SpanData::getName).containsExactly("send_peer",
                "POST " + Clients.PEER_URI, "POST " + Clients.PEER_URI);
        SpanData call = spans.get(0);
        assertThat(call.getKind()).isEqualTo(SpanKind.CLIENT);
        assertThat(call.getParentSpanContext().isValid()).isFalse();
        assertThat(call.getAttributes().get(AttributeKey.stringKey("messaging.system"))).isEqualTo("rtm");
        assertThat(call.getAttributes().get(AttributeKey.stringKey("messaging.operation.name"))).isEqualTo("send_peer");
        assertThat(call.getAttributes().get(AttributeKey.stringKey("rtm.delivery_code"))).isEqualTo("sent");
        for (int i = 1; i < 3; i++) {
            SpanData exchange = spans.get(i);
            assertThat(exchange.getKind()).isEqualTo(SpanKind.CLIENT);
            assertThat(exchange.getParentSpanId()).isEqualTo(call.getSpanId());
            assertThat(exchange.getTraceId()).isEqualTo(call.getTraceId());
            assertThat(exchange.getAttributes().get(AttributeKey.stringKey("url.template"))).isEqualTo(Clients.PEER_URI);
            assertThat(transport.request(i - 1).headers().firstValue("traceparent"))
                    .contains("00-" + exchange.getTraceId() + "-" + exchange.getSpanId() + "-"
                            + exchange.getSpanContext().getTraceFlags().asHex());
        }
        assertThat(spans.get(1).getAttributes().get(AttributeKey.stringKey("http.response.status_code"))).isEqualTo("503");
        assertThat(spans.get(1).getAttributes().get(AttributeKey.stringKey("error.type"))).isEqualTo("503");
        assertThat(spans.get(2).getAttributes().get(AttributeKey.stringKey("http.request.resend_count"))).isEqualTo("1");
    }
}
