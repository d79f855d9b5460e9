package io.rtm.core;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.OptionalBinder;
import io.rtm.core.internal.ClientAssembly;
import io.rtm.core.internal.PluginLoader;
import io.rtm.core.spi.Authenticator;
import io.rtm.core.spi.Instrumentation;
import io.rtm.core.spi.Interceptor;
import io.rtm.core.spi.RateLimiter;
import io.rtm.core.spi.RetryStrategy;
import io.rtm.core.spi.Transport;
import io.rtm.core.spi.TransportConfig;
import io.rtm.core.spi.Validator;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The SDK's Guice module (Guice 6.0.0 or later): binds {@link RtmAsyncClient} and {@link RtmClient} (singletons, one
 * client shared by both faces) and declares every replaceable part with an {@link OptionalBinder}, so an application
 * overrides exactly one binding without {@code Modules.override}:
 * <ul>
 *   <li>{@link Transport}, {@link Authenticator}, {@link Validator}: when not bound, discovered by ServiceLoader
 *       ({@code rtm.transport} / {@code RTM_TRANSPORT} etc. select by name); a bound transport or authenticator is
 *       owned by the client (closed with it);</li>
 *   <li>{@link TransportConfig} (default: the config's), what a discovered transport is made with;</li>
 *   <li>{@link Credentials}: bind them (the discovered authenticator needs them) or bind an {@link Authenticator};</li>
 *   <li>{@link RetryStrategy} (default {@link RetryPolicy#defaults()}), {@link RateLimit} (default
 *       {@link RateLimit#defaults()}), {@link Clock} (default UTC);</li>
 *   <li>{@link RateLimiter}: when not bound, made by a configured {@link io.rtm.core.spi.RateLimiterProvider} (and
 *       closed with the client), else the local limiter; a bound one stays its binder's (the client never closes it);</li>
 *   <li>{@link Interceptor}: a {@link Multibinder} set, in binding order;</li>
 *   <li>{@link Instrumentation}: a {@link Multibinder} set (e.g. tracing's), in binding order.</li>
 * </ul>
 * The client is made by the same plain-Java assembly as {@code Rtm.builder().build()}, from what the injector holds.
 *
 * <pre>{@code
 * Injector injector = Guice.createInjector(new RtmCoreModule(config), new AbstractModule() {
 *     protected void configure() {
 *         OptionalBinder.newOptionalBinder(binder(), Credentials.class).setBinding().toInstance(Credentials.basic(key, secret));
 *         Multibinder.newSetBinder(binder(), Interceptor.class).addBinding().to(TraceInterceptor.class);
 *     }
 * });
 * RtmAsyncClient rtm = injector.getInstance(RtmAsyncClient.class);
 * }</pre>
 * The injector owns the client: call {@link RtmAsyncClient#close()} when the application stops. With a Guice older
 * than 6.0.0 (which knows only {@code javax.inject}) the injector fails to build with one message saying so.
 */
public final class RtmCoreModule extends AbstractModule {

    /** The oldest Guice this module works with. */
    public static final String MINIMUM_GUICE = "6.0.0";

    private final RtmConfig config;

    /** A module for this configuration. */
    public RtmCoreModule(RtmConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    @Override
    protected void configure() {
        String tooOld = GuiceVersion.tooOld();
        if (tooOld != null) {
            addError(tooOld);
            return;
        }
        bind(RtmConfig.class).toInstance(config);
        // what a discovered transport is made with; bindable too (e.g. by a transport class with an injected constructor)
        OptionalBinder.newOptionalBinder(binder(), TransportConfig.class).setDefault().toInstance(config.transportConfig());
        OptionalBinder.newOptionalBinder(binder(), Credentials.class);
        OptionalBinder.newOptionalBinder(binder(), Transport.class);
        OptionalBinder.newOptionalBinder(binder(), Authenticator.class);
        OptionalBinder.newOptionalBinder(binder(), Validator.class);
        OptionalBinder.newOptionalBinder(binder(), RetryStrategy.class);
        OptionalBinder.newOptionalBinder(binder(), RateLimit.class);
        OptionalBinder.newOptionalBinder(binder(), RateLimiter.class);
        OptionalBinder.newOptionalBinder(binder(), Clock.class);
        // where plugins are discovered: the context class loader when the injector is made (tests bind their own)
        OptionalBinder.newOptionalBinder(binder(), PluginLoader.class).setDefault().toInstance(new PluginLoader());
        Multibinder.newSetBinder(binder(), Interceptor.class);
        Multibinder.newSetBinder(binder(), Instrumentation.class);
        install(new Clients()); // after the version check: on an old Guice, its error is the only one
    }

    /** The provider methods of the two clients (a module of their own, installed only on a Guice that can run them). */
    private static final class Clients extends AbstractModule {

        /** The client, from the bound parts; what is not bound is discovered or defaulted by the same assembly as the builder's. */
        @Provides
        @Singleton
        RtmAsyncClient asyncClient(RtmConfig config, TransportConfig transportConfig, Optional<Credentials> credentials, Optional<Transport> transport,
                                   Optional<Authenticator> authenticator, Optional<Validator> validator,
                                   Optional<RetryStrategy> retryStrategy, Optional<RateLimit> rateLimit,
                                   Optional<RateLimiter> rateLimiter, Optional<Clock> clock, Optional<PluginLoader> plugins,
                                   Set<Interceptor> interceptors, Set<Instrumentation> instrumentations) {
            ClientAssembly.Parts parts = ClientAssembly.parts().config(config).transportConfig(transportConfig)
                    .credentials(credentials.orElse(null))
                    .validator(validator.orElse(null)).retryStrategy(retryStrategy.orElse(null)).rateLimit(rateLimit.orElse(null))
                    .rateLimiter(rateLimiter.orElse(null)).clock(clock.orElse(null)).plugins(plugins.orElse(null))
                    .interceptors(interceptors).instrumentations(instrumentations);
            transport.ifPresent(t -> parts.transport(t, true));
            authenticator.ifPresent(a -> parts.authenticator(a, true));
            return ClientAssembly.assemble(parts);
        }

        /** The blocking face of the same client. */
        @Provides
        @Singleton
        RtmClient client(RtmAsyncClient async) {
            return ClientAssembly.blocking(async);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Clients; // installed once per injector even if RtmCoreModule is
        }

        @Override
        public int hashCode() {
            return Clients.class.hashCode();
        }
    }

    @Override
    public String toString() {
        return "RtmCoreModule{" + config + '}';
    }
}
