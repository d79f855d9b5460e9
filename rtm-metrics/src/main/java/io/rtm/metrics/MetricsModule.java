package io.rtm.metrics;

import com.google.inject.AbstractModule;
import com.google.inject.Inject;
import com.google.inject.Provider;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import io.micrometer.core.instrument.MeterRegistry;
import io.rtm.core.spi.Instrumentation;
import io.rtm.core.spi.Interceptor;
import java.util.Objects;

/**
 * Guice module of the RTM metrics: contributes {@link RtmMetrics}' two interceptors to the
 * {@code Multibinder<Interceptor>} of {@link io.rtm.core.RtmCoreModule}. Install it next to that module:
 * <pre>{@code
 * Guice.createInjector(new RtmCoreModule(config), new MetricsModule(), appModule); // appModule binds MeterRegistry
 * Guice.createInjector(new RtmCoreModule(config), new MetricsModule(registry), appModule);
 * Guice.createInjector(new RtmCoreModule(config), new MetricsModule(RtmMetrics.builder(registry).clientName("eu").build()), appModule);
 * }</pre>
 * Installing equal modules twice contributes once (modules are equal when built from the same registry, the same
 * {@link RtmMetrics}, or both from the injector's {@link MeterRegistry}).
 */
public final class MetricsModule extends AbstractModule {

    /** A {@link MeterRegistry}, an {@link RtmMetrics}, or null to use the injector's MeterRegistry. */
    private final Object source;

    /** Uses the {@link MeterRegistry} bound in the injector, with default options. */
    public MetricsModule() {
        this.source = null;
    }

    /** Uses this registry with default options. */
    public MetricsModule(MeterRegistry registry) {
        this.source = Objects.requireNonNull(registry, "registry");
    }

    /** Uses this configured instrumentation (its Observation mode's call observer and exchange interceptor included). */
    public MetricsModule(RtmMetrics metrics) {
        this.source = Objects.requireNonNull(metrics, "metrics");
    }

    @Override
    protected void configure() {
        Multibinder<Interceptor> interceptors = Multibinder.newSetBinder(binder(), Interceptor.class);
        Provider<RtmMetrics> metrics;
        if (source instanceof RtmMetrics given) {
            metrics = () -> given;
        } else if (source instanceof MeterRegistry registry) {
            RtmMetrics built = RtmMetrics.builder(registry).build();
            metrics = () -> built;
        } else {
            bind(FromInjector.class).in(Singleton.class);
            Provider<FromInjector> fromInjector = getProvider(FromInjector.class);
            metrics = () -> fromInjector.get().metrics;
        }
        interceptors.addBinding().toProvider(() -> metrics.get().callInterceptor());
        interceptors.addBinding().toProvider(() -> metrics.get().attemptInterceptor());
        if (source instanceof RtmMetrics given && given.observations().isPresent()) {
            Multibinder.newSetBinder(binder(), Instrumentation.class).addBinding().toInstance(given.observations().get());
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MetricsModule m && source == m.source;
    }

    @Override
    public int hashCode() {
        return source == null ? MetricsModule.class.hashCode() : System.identityHashCode(source);
    }

    /** The instrumentation on the injector's registry, created once per injector (Guice's own {@code @Inject}: any Guice version). */
    static final class FromInjector {
        final RtmMetrics metrics;

        @Inject
        FromInjector(MeterRegistry registry) {
            this.metrics = RtmMetrics.builder(registry).build();
        }
    }
}
