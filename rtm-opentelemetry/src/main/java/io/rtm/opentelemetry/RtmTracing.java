package io.rtm.opentelemetry;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerBuilder;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.rtm.core.RtmBuilder;
import io.rtm.core.spi.Instrumentation;
import io.rtm.core.spi.TraceConventions;
import java.util.List;
import java.util.Objects;

/**
 * OpenTelemetry tracing of an RTM client: one span per call and one child span per HTTP exchange, following the
 * OpenTelemetry semantic conventions (names in {@link TraceConventions}), the configured propagator's headers (W3C
 * {@code traceparent}/{@code tracestate} by default) on every request, and the caller's context current again in the
 * continuations of the client's futures, whatever thread completes them.
 *
 * <pre>{@code
 * RtmClient rtm = RtmTracing.bindTo(Rtm.builder().appId(appId).credentials(credentials), openTelemetry).build();
 * }</pre>
 * With this artifact on the class path and nothing bound, every client is traced through
 * {@link GlobalOpenTelemetry#getOrNoop()} (the Java agent's, or the one the application registered before building
 * the client; else the no-op implementation): see {@link OpenTelemetryInstrumentationProvider}. Guice:
 * {@link TracingModule}.
 *
 * <h2>Spans</h2>
 * <pre>
 * send_peer                                             (CLIENT; child of the caller's current span)
 *  ├─ event rtm.rate_limit.wait   rtm.rate_limit.wait=0.012        (when an attempt waited for the local limiter)
 *  ├─ POST /dev/v2/project/{appid}/rtm/users/{user_id}/peer_messages   (CLIENT; attempt 1)  http.response.status_code=503
 *  ├─ event rtm.retry   rtm.retry.reason=server_error, rtm.retry.delay=0.1, http.request.resend_count=1
 *  └─ POST /dev/v2/project/{appid}/rtm/users/{user_id}/peer_messages   (CLIENT; attempt 2)  http.response.status_code=200
 * </pre>
 * A call refused before anything is sent (validation, a local rate-limit refusal, a closed client) has its call span
 * with the error and no exchange span. Failures set the span's status to {@code ERROR}, {@code error.type} and an
 * {@code exception} event; their description is {@link TraceConventions#describe}, never the exception's own message
 * (which may quote a user ID). No span name or attribute ever holds a user ID, channel name, payload or credential.
 *
 * <p>On {@link OpenTelemetry#noop()} (what {@link GlobalOpenTelemetry#getOrNoop()} returns when neither an SDK nor
 * the agent registered one) it only carries the caller's context into continuations: no span could be recorded or
 * propagated.
 *
 * <p>Immutable and thread-safe; bind one instance to any number of clients.
 */
public final class RtmTracing {

    /** The instrumentation's name ({@link Instrumentation#name()}): {@code opentelemetry}. */
    public static final String NAME = "opentelemetry";
    /** The instrumentation scope of the spans: {@code io.rtm.opentelemetry}. */
    public static final String INSTRUMENTATION_SCOPE = "io.rtm.opentelemetry";

    private final Instrumentation instrumentation;

    private RtmTracing(OpenTelemetry openTelemetry) {
        Objects.requireNonNull(openTelemetry, "openTelemetry");
        TracerBuilder tracerBuilder = openTelemetry.tracerBuilder(INSTRUMENTATION_SCOPE);
        String version = RtmTracing.class.getPackage().getImplementationVersion();
        if (version != null) {
            tracerBuilder.setInstrumentationVersion(version);
        }
        if (openTelemetry == OpenTelemetry.noop()) {
            // nothing can record or propagate: carry the caller's context, and spend nothing on spans
            this.instrumentation = new Instrumentation(NAME, List.of(), List.of(new CallerContext()));
            return;
        }
        Tracer tracer = tracerBuilder.build();
        TextMapPropagator propagator = openTelemetry.getPropagators().getTextMapPropagator();
        this.instrumentation = new Instrumentation(NAME,
                List.of(new RetryEvents(), new ExchangeSpans(tracer, propagator)), List.of(new CallSpans(tracer)));
    }

    /** Tracing through this OpenTelemetry (its tracer provider and text-map propagator). */
    public static RtmTracing create(OpenTelemetry openTelemetry) {
        return new RtmTracing(openTelemetry);
    }

    /**
     * Traces the client this builder builds through this OpenTelemetry.
     *
     * @return {@code builder}, to go on building
     */
    public static RtmBuilder bindTo(RtmBuilder builder, OpenTelemetry openTelemetry) {
        return create(openTelemetry).bindTo(builder);
    }

    /**
     * Adds this tracing to the builder ({@link RtmBuilder#addInstrumentation}); a discovered tracing is then not
     * added.
     *
     * @return {@code builder}, to go on building
     */
    public RtmBuilder bindTo(RtmBuilder builder) {
        return Objects.requireNonNull(builder, "builder").addInstrumentation(instrumentation);
    }

    /** The instrumentation (its call observer and its interceptors), for custom wiring. */
    public Instrumentation instrumentation() {
        return instrumentation;
    }

    @Override
    public String toString() {
        return "RtmTracing{" + instrumentation.interceptors() + ", " + instrumentation.callObservers() + '}';
    }
}
