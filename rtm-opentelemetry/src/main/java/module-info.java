/**
 * OpenTelemetry tracing of the RTM pipeline ({@code RtmTracing}): a span per call and per HTTP exchange, the
 * configured propagator's headers on every request, the caller's context in continuations. Found by
 * {@link java.util.ServiceLoader} ({@code InstrumentationProvider}); {@code TracingModule} for Guice users (Guice is
 * optional).
 */
module io.rtm.opentelemetry {
    requires transitive io.rtm.core;
    requires transitive io.opentelemetry.api;
    requires transitive io.opentelemetry.context;
    requires org.slf4j;
    requires static com.google.guice;

    exports io.rtm.opentelemetry;

    provides io.rtm.core.spi.InstrumentationProvider with io.rtm.opentelemetry.OpenTelemetryInstrumentationProvider;
}
