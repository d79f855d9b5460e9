package io.rtm.opentelemetry;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.rtm.core.spi.Instrumentation;
import java.util.Objects;

/**
 * Guice module of the tracing: contributes {@link RtmTracing}'s instrumentation to the
 * {@code Multibinder<Instrumentation>} of {@link io.rtm.core.RtmCoreModule}. Install it next to that module:
 * <pre>{@code
 * Guice.createInjector(new RtmCoreModule(config), new TracingModule(openTelemetry), appModule);
 * Guice.createInjector(new RtmCoreModule(config), new TracingModule(), appModule); // GlobalOpenTelemetry.getOrNoop()
 * }</pre>
 * Installing equal modules twice contributes once (equal: built from the same OpenTelemetry, or both from the global).
 * Without this module, a client made by the injector is still traced through the global OpenTelemetry when this
 * artifact is on the class path ({@link OpenTelemetryInstrumentationProvider}); with it, that one is not added.
 */
public final class TracingModule extends AbstractModule {

    /** The OpenTelemetry, or null for {@link GlobalOpenTelemetry#getOrNoop()} when the client is made. */
    private final OpenTelemetry openTelemetry;

    /** Traces through {@link GlobalOpenTelemetry#getOrNoop()}, read when the client is made. */
    public TracingModule() {
        this.openTelemetry = null;
    }

    /** Traces through this OpenTelemetry. */
    public TracingModule(OpenTelemetry openTelemetry) {
        this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
    }

    @Override
    protected void configure() {
        Multibinder<Instrumentation> set = Multibinder.newSetBinder(binder(), Instrumentation.class);
        OpenTelemetry given = openTelemetry;
        set.addBinding().toProvider(() -> RtmTracing.create(given != null ? given : GlobalOpenTelemetry.getOrNoop()).instrumentation());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TracingModule m && openTelemetry == m.openTelemetry;
    }

    @Override
    public int hashCode() {
        return openTelemetry == null ? TracingModule.class.hashCode() : System.identityHashCode(openTelemetry);
    }
}
