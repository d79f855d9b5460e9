package io.rtm.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/** An OpenTelemetry SDK that keeps every ended span in memory (exported synchronously when a span ends). */
final class TestTracing implements AutoCloseable {

    static final String PEER_EXCHANGE = "POST /dev/v2/project/{appid}/rtm/users/{user_id}/peer_messages";

    final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    final SdkTracerProvider tracerProvider = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
    final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().setTracerProvider(tracerProvider)
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance())).build();

    /** Every ended span, by start time. */
    List<SpanData> spans() {
        return exporter.getFinishedSpanItems().stream()
                .sorted(Comparator.comparingLong(SpanData::getStartEpochNanos)).collect(Collectors.toList());
    }

    /** The one span with this name. */
    SpanData span(String name) {
        List<SpanData> named = named(name);
        assertThat(named).as("spans named %s among %s", name, spans()).hasSize(1);
        return named.get(0);
    }

    /** The spans with this name, by start time. */
    List<SpanData> named(String name) {
        return spans().stream().filter(s -> s.getName().equals(name)).collect(Collectors.toList());
    }

    /** The children of this span, by start time. */
    List<SpanData> children(SpanData parent) {
        return spans().stream().filter(s -> s.getParentSpanId().equals(parent.getSpanId())
                && s.getTraceId().equals(parent.getTraceId())).collect(Collectors.toList());
    }

    @Override
    public void close() {
        sdk.close();
    }
}
