package io.rtm.core;

import com.google.inject.AbstractModule;
import com.google.inject.Inject;
import com.google.inject.Provider;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.OptionalBinder;
import io.rtm.core.error.RtmConfigurationException;
import io.rtm.core.internal.DefaultRtmAsyncClient;
import io.rtm.core.internal.DefaultRtmClient;
import io.rtm.core.internal.LocalRateLimiter;
import io.rtm.core.internal.PluginLoader;
import io.rtm.core.internal.RtmScheduler;
import io.rtm.core.spi.RateLimiter;
import io.rtm.core.spi.RetryStrategy;
import io.rtm.core.spi.Authenticator;
import io.rtm.core.spi.Interceptor;
import io.rtm.core.spi.Transport;
import io.rtm.core.spi.TransportConfig;
import io.rtm.core.spi.Validator;
import java.time.Clock;
import java.util.Optional;

/**
 * The SDK's Guice module: binds {@link RtmAsyncClient} and {@link RtmClient} (singletons) and declares
 * every replaceable part with an {@link OptionalBinder} default, so an application overrides exactly one
 * binding without {@code Modules.override}:
 * <ul>
 *   <li>{@link Transport}, {@link Authenticator}, {@link Validator}: default = discovered by ServiceLoader
 *       ({@code rtm.transport} / {@code RTM_TRANSPORT} etc. select by name);</li>
 *   <li>{@link Credentials}: no default — bind one (the discovered authenticator needs it) or bind an
 *       {@link Authenticator};</li>
 *   <li>{@link TransportConfig} (default: the config's), {@link RetryStrategy} (default
 *       {@link RetryPolicy#defaults()}), {@link Clock} (default UTC system clock);</li>
 *   <li>{@link Interceptor}: a {@link Multibinder} set, in binding order.</li>
 * </ul>
 *
 * <pre>{@code
 * Injector injector = Guice.createInjector(new RtmCoreModule(config), new AbstractModule() {
 *     protected void configure() {
 *         OptionalBinder.newOptionalBinder(binder(), Credentials.class).setBinding().toInstance(Credentials.basic(key, secret));
 *         OptionalBinder.newOptionalBinder(binder(), Transport.class).setBinding().to(MyTransport.class);
 *         Multibinder.newSetBinder(binder(), Interceptor.class).addBinding().to(TraceInterceptor.class);
 *     }
 * });
 * RtmAsyncClient rtm = injector.getInstance(RtmAsyncClient.class);
 * }</pre>
 * The injector owns the client: call {@link RtmAsyncClient#close()} when the application stops.
 */
public final class RtmCoreModule extends AbstractModule {

    private final RtmConfig config;

    /** A module for this configuration. */
    public RtmCoreModule(RtmConfig config) {
        this.config = java.util.Objects.requireNonNull(config, "config");
    }

    @Override
    protected void configure() {
        bind(RtmConfig.class).toInstance(config);
        OptionalBinder.newOptionalBinder(binder(), TransportConfig.class).setDefault().toInstance(config.transportConfig());
        OptionalBinder.newOptionalBinder(binder(), PluginLoader.class).setDefault().toInstance(new PluginLoader());
        // Discovery runs only when a default is actually used: the default bindings stay unscoped (an eager
        // singleton would be provisioned in Stage.PRODUCTION even when overridden, running discovery and
        // failing for a user who gave their own part); each provider is a singleton that memoizes its value.
        bind(DiscoveredTransport.class).in(Singleton.class);
        bind(DiscoveredAuthenticator.class).in(Singleton.class);
        bind(DiscoveredValidator.class).in(Singleton.class);
        OptionalBinder.newOptionalBinder(binder(), Transport.class).setDefault().toProvider(DiscoveredTransport.class);
        OptionalBinder.newOptionalBinder(binder(), Credentials.class);
        OptionalBinder.newOptionalBinder(binder(), Authenticator.class).setDefault().toProvider(DiscoveredAuthenticator.class);
        OptionalBinder.newOptionalBinder(binder(), Validator.class).setDefault().toProvider(DiscoveredValidator.class);
        OptionalBinder.newOptionalBinder(binder(), RetryStrategy.class).setDefault().toInstance(RetryPolicy.defaults());
        OptionalBinder.newOptionalBinder(binder(), Clock.class).setDefault().toInstance(Clock.systemUTC());
        OptionalBinder.newOptionalBinder(binder(), RateLimit.class).setDefault().toInstance(RateLimit.defaults());
        bind(RtmScheduler.class).in(Singleton.class);
        bind(DefaultRateLimiter.class).in(Singleton.class);
        OptionalBinder.newOptionalBinder(binder(), RateLimiter.class).setDefault().toProvider(DefaultRateLimiter.class);
        Multibinder.newSetBinder(binder(), Interceptor.class);
        bind(RtmAsyncClient.class).to(DefaultRtmAsyncClient.class);
        bind(RtmClient.class).to(DefaultRtmClient.class);
    }

    /** Creates its value on the first {@link #get()} only, then returns that same instance. */
    abstract static class Lazy<T> implements Provider<T> {
        private T value;

        @Override
        public final synchronized T get() {
            if (value == null) {
                value = create();
            }
            return value;
        }

        abstract T create();
    }

    /** The local GCRA limiter for the bound {@link RateLimit}, on the client's scheduler. */
    static final class DefaultRateLimiter extends Lazy<RateLimiter> {
        private final RateLimit rateLimit;
        private final RtmScheduler scheduler;

        @Inject
        DefaultRateLimiter(RateLimit rateLimit, RtmScheduler scheduler) {
            this.rateLimit = rateLimit;
            this.scheduler = scheduler;
        }

        @Override
        protected RateLimiter create() {
            return rateLimit.enabled() ? new LocalRateLimiter(rateLimit, scheduler) : RateLimiter.unlimited();
        }
    }

    static final class DiscoveredTransport extends Lazy<Transport> {
        private final PluginLoader loader;
        private final TransportConfig transportConfig;

        @Inject
        DiscoveredTransport(PluginLoader loader, TransportConfig transportConfig) {
            this.loader = loader;
            this.transportConfig = transportConfig;
        }

        @Override
        Transport create() {
            return loader.transport().create(transportConfig);
        }
    }

    static final class DiscoveredAuthenticator extends Lazy<Authenticator> {
        private final PluginLoader loader;
        private final Optional<Credentials> credentials;

        @Inject
        DiscoveredAuthenticator(PluginLoader loader, Optional<Credentials> credentials) {
            this.loader = loader;
            this.credentials = credentials;
        }

        @Override
        Authenticator create() {
            Credentials c = credentials.orElseThrow(() -> new RtmConfigurationException(
                    "credentials are required: Rtm.builder().credentials(Credentials.basic(apiKey, apiSecret)) "
                            + "or Credentials.token(uid, token) (Guice: bind io.rtm.core.Credentials through its OptionalBinder)"));
            return loader.authenticator(c).create(c);
        }
    }

    static final class DiscoveredValidator extends Lazy<Validator> {
        private final PluginLoader loader;

        @Inject
        DiscoveredValidator(PluginLoader loader) {
            this.loader = loader;
        }

        @Override
        Validator create() {
            return loader.validator().create();
        }
    }
}
