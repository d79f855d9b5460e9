package io.rtm.core.internal;

import io.rtm.core.Credentials;
import io.rtm.core.RateLimit;
import io.rtm.core.RetryPolicy;
import io.rtm.core.RtmAsyncClient;
import io.rtm.core.RtmClient;
import io.rtm.core.RtmConfig;
import io.rtm.core.error.RtmConfigurationException;
import io.rtm.core.spi.Authenticator;
import io.rtm.core.spi.CallObserver;
import io.rtm.core.spi.Instrumentation;
import io.rtm.core.spi.Interceptor;
import io.rtm.core.spi.RateLimiter;
import io.rtm.core.spi.RateLimiterProvider;
import io.rtm.core.spi.RetryStrategy;
import io.rtm.core.spi.Transport;
import io.rtm.core.spi.Validator;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * The one place a client is put together, in plain Java: {@code Rtm.builder()} calls it directly, and
 * {@code RtmCoreModule}'s provider method calls it with what the injector holds, so both ways wire the very same
 * client. A part that is not given is discovered ({@link PluginLoader}): the rate limiter provider is chosen first, then
 * the validator and the authenticator are made, then the rate limiter and the transport last, so that a missing plugin
 * never leaves threads or connections behind. Not an API: the package is not exported.
 */
public final class ClientAssembly {

    private ClientAssembly() {
    }

    /** What a client is made of; null fields take their defaults. Not thread-safe. */
    public static final class Parts {
        RtmConfig config;
        io.rtm.core.spi.TransportConfig transportConfig;
        Credentials credentials;
        Transport transport;
        boolean ownsTransport = true;
        Authenticator authenticator;
        boolean ownsAuthenticator = true;
        Validator validator;
        RetryStrategy retryStrategy;
        RateLimit rateLimit;
        RateLimiter rateLimiter;
        final List<Interceptor> interceptors = new ArrayList<>();
        final List<Instrumentation> instrumentations = new ArrayList<>();
        Clock clock;
        PluginLoader plugins;
        Duration closeGrace;
        Executor completionExecutor;

        /** The configuration (required). */
        public Parts config(RtmConfig config) {
            this.config = config;
            return this;
        }

        /** The options a discovered transport is made with (default: the configuration's). */
        public Parts transportConfig(io.rtm.core.spi.TransportConfig transportConfig) {
            this.transportConfig = transportConfig;
            return this;
        }

        /** The credentials the discovered authenticator is made for (required unless an authenticator is given). */
        public Parts credentials(Credentials credentials) {
            this.credentials = credentials;
            return this;
        }

        /** A transport; {@code owned}: whether the client closes it. */
        public Parts transport(Transport transport, boolean owned) {
            this.transport = transport;
            this.ownsTransport = owned;
            return this;
        }

        /** An authenticator; {@code owned}: whether the client closes it (if it is {@link AutoCloseable}). */
        public Parts authenticator(Authenticator authenticator, boolean owned) {
            this.authenticator = authenticator;
            this.ownsAuthenticator = owned;
            return this;
        }

        public Parts validator(Validator validator) {
            this.validator = validator;
            return this;
        }

        public Parts retryStrategy(RetryStrategy retryStrategy) {
            this.retryStrategy = retryStrategy;
            return this;
        }

        public Parts rateLimit(RateLimit rateLimit) {
            this.rateLimit = rateLimit;
            return this;
        }

        /** A rate limiter instead of a discovered or the local one; the caller keeps it (the client never closes it). */
        public Parts rateLimiter(RateLimiter rateLimiter) {
            this.rateLimiter = rateLimiter;
            return this;
        }

        /** Interceptors in order; an interceptor given twice (or equal to an earlier one) runs once. */
        public Parts interceptors(Iterable<? extends Interceptor> interceptors) {
            LinkedHashSet<Interceptor> distinct = new LinkedHashSet<>(this.interceptors);
            for (Interceptor i : interceptors) {
                distinct.add(Objects.requireNonNull(i, "interceptor"));
            }
            this.interceptors.clear();
            this.interceptors.addAll(distinct);
            return this;
        }

        /**
         * Instrumentations in order; their interceptors run before the ones given one by one. A discovered
         * instrumentation ({@link io.rtm.core.spi.InstrumentationProvider}) of the same name as one given is not added.
         */
        public Parts instrumentations(Iterable<Instrumentation> instrumentations) {
            for (Instrumentation i : instrumentations) {
                this.instrumentations.add(Objects.requireNonNull(i, "instrumentation"));
            }
            return this;
        }

        public List<Instrumentation> instrumentations() {
            return List.copyOf(instrumentations);
        }

        public Parts clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** Where plugins are discovered (tests); default: the context class loader, system properties, environment. */
        public Parts plugins(PluginLoader plugins) {
            this.plugins = plugins;
            return this;
        }

        /** How long {@code close()} lets calls in flight finish. */
        public Parts closeGrace(Duration closeGrace) {
            this.closeGrace = closeGrace;
            return this;
        }

        /** The given parts, for a Guice module that binds them (the builder with modules). */
        public Credentials credentials() {
            return credentials;
        }

        public Transport transport() {
            return transport;
        }

        public Authenticator authenticator() {
            return authenticator;
        }

        public Validator validator() {
            return validator;
        }

        public RetryStrategy retryStrategy() {
            return retryStrategy;
        }

        public RateLimit rateLimit() {
            return rateLimit;
        }

        public RateLimiter rateLimiter() {
            return rateLimiter;
        }

        public List<Interceptor> interceptors() {
            return List.copyOf(interceptors);
        }

        public Clock clock() {
            return clock;
        }

        public PluginLoader plugins() {
            return plugins;
        }

        /** Where the futures of the asynchronous client complete; null: the SDK's own small pool. */
        public Parts completionExecutor(Executor completionExecutor) {
            this.completionExecutor = completionExecutor;
            return this;
        }
    }

    /** A new, empty set of parts. */
    public static Parts parts() {
        return new Parts();
    }

    /**
     * The asynchronous client made of these parts.
     *
     * @throws RtmConfigurationException when a required part is missing or cannot be discovered; the message says
     *                                   what to add
     */
    public static RtmAsyncClient assemble(Parts p) {
        Objects.requireNonNull(p.config, "config");
        JacksonFloor.check();
        PluginLoader plugins = p.plugins != null ? p.plugins : new PluginLoader();
        RateLimit rateLimit = p.rateLimit != null ? p.rateLimit : RateLimit.defaults();
        // chosen before anything is made (choosing has no side effects), so that a bad name leaves nothing behind
        RateLimiterProvider limiterProvider = rateLimit.enabled() && p.rateLimiter == null
                ? plugins.rateLimiter().orElse(null) : null;
        Validator validator = p.validator != null ? p.validator : plugins.validator().create();
        // before what may own threads or connections: a broken plugin leaves no thread or connection behind
        List<Interceptor> interceptors = new ArrayList<>();
        List<CallObserver> observers = new ArrayList<>();
        for (Instrumentation i : instrumentations(p, plugins)) {
            interceptors.addAll(i.interceptors());
            observers.addAll(i.callObservers());
        }
        interceptors.addAll(p.interceptors);
        Authenticator authenticator = p.authenticator;
        boolean ownsAuthenticator = p.ownsAuthenticator;
        if (authenticator == null) {
            if (p.credentials == null) {
                throw new RtmConfigurationException("credentials are required: .credentials(Credentials.basic(apiKey, apiSecret)) "
                        + "or .credentials(Credentials.token(uid, token)) (Guice: bind io.rtm.core.Credentials through its OptionalBinder)");
            }
            authenticator = plugins.authenticator(p.credentials).create(p.credentials);
            ownsAuthenticator = true;
        }
        Clock clock = p.clock != null ? p.clock : Clock.systemUTC();
        RtmScheduler scheduler = new RtmScheduler();
        RateLimiter limiter = null;
        AutoCloseable ownedLimiter = null; // a limiter a provider made is the client's to close
        Transport transport = p.transport;
        boolean ownsTransport = p.ownsTransport;
        try {
            if (!rateLimit.enabled()) {
                limiter = RateLimiter.unlimited();
            } else if (p.rateLimiter != null) {
                limiter = p.rateLimiter;
            } else if (limiterProvider != null) {
                limiter = limiterProvider.create(plugins.settings());
                if (limiter == null) {
                    throw new RtmConfigurationException("the rate limiter provider '" + limiterProvider.name() + "' created no limiter");
                }
                ownedLimiter = limiter instanceof AutoCloseable closeable ? closeable : null;
            } else {
                limiter = new LocalRateLimiter(rateLimit, scheduler);
            }
            if (transport == null) {
                transport = plugins.transport().create(p.transportConfig != null ? p.transportConfig : p.config.transportConfig());
                ownsTransport = true;
            }
        } catch (RuntimeException e) {
            closeQuietly(ownedLimiter, e);
            scheduler.close();
            throw e;
        }
        return new DefaultRtmAsyncClient(p.config, validator, authenticator, ownsAuthenticator,
                p.retryStrategy != null ? p.retryStrategy : RetryPolicy.defaults(), List.copyOf(new LinkedHashSet<>(interceptors)),
                clock, scheduler, rateLimit, limiter, ownedLimiter, transport, ownsTransport, observers);
    }

    private static void closeQuietly(AutoCloseable resource, RuntimeException failure) {
        if (resource == null) {
            return;
        }
        try {
            resource.close();
        } catch (Exception e) {
            failure.addSuppressed(e);
        }
    }

    /** The given instrumentations, then the discovered ones whose name none of them has. */
    private static List<Instrumentation> instrumentations(Parts p, PluginLoader plugins) {
        List<Instrumentation> all = new ArrayList<>(p.instrumentations);
        java.util.Set<String> given = new java.util.HashSet<>();
        for (Instrumentation i : p.instrumentations) {
            given.add(i.name());
        }
        all.addAll(plugins.instrumentations(given));
        return all;
    }

    /** The blocking face of an asynchronous client (same resources; closing either closes both). */
    public static RtmClient blocking(RtmAsyncClient async) {
        return new DefaultRtmClient(async);
    }
}
