package io.rtm.opentelemetry;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.rtm.core.spi.Instrumentation;
import io.rtm.core.spi.InstrumentationProvider;

/**
 * Makes every client trace through {@link GlobalOpenTelemetry#getOrNoop()} when this artifact is on the class path
 * (found by {@link java.util.ServiceLoader}): the OpenTelemetry Java agent's, or the one the application registered
 * (e.g. {@code OpenTelemetrySdk.builder()...buildAndRegisterGlobal()}) before the client was built; the no-op
 * implementation otherwise (then the client carries the caller's context and nothing else). It never registers a
 * global itself. Not added when the client was given an instrumentation named {@value RtmTracing#NAME} (e.g. by
 * {@link RtmTracing#bindTo}); leave it out with {@code -Drtm.instrumentation.disabled=opentelemetry}.
 */
public final class OpenTelemetryInstrumentationProvider implements InstrumentationProvider {

    /** Used by {@link java.util.ServiceLoader}. */
    public OpenTelemetryInstrumentationProvider() {
    }

    @Override
    public String name() {
        return RtmTracing.NAME;
    }

    @Override
    public Instrumentation create() {
        return RtmTracing.create(GlobalOpenTelemetry.getOrNoop()).instrumentation();
    }
}
