package io.rtm.core;

import com.google.inject.AbstractModule;
import com.google.inject.Binder;
import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.ProvisionException;
import com.google.inject.Singleton;
import com.google.inject.Stage;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.OptionalBinder;
import com.google.inject.spi.Message;
import io.rtm.core.error.RtmConfigurationException;
import io.rtm.core.error.RtmException;
import io.rtm.core.internal.DefaultRtmAsyncClient;
import io.rtm.core.internal.DefaultRtmClient;
import io.rtm.core.internal.PluginLoader;
import io.rtm.core.internal.RtmScheduler;
import io.rtm.core.internal.UnownedAuthenticator;
import io.rtm.core.internal.UnownedTransport;
import io.rtm.core.spi.Authenticator;
import io.rtm.core.spi.RateLimiter;
import io.rtm.core.spi.RetryStrategy;
import io.rtm.core.spi.Interceptor;
import io.rtm.core.spi.Transport;
import io.rtm.core.spi.TransportConfig;
import io.rtm.core.spi.Validator;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * Builds an {@link RtmClient} ({@link #build()}) or {@link RtmAsyncClient} ({@link #buildAsync()}).
 * Only {@link #appId} and {@link #credentials} are required; the transport, authenticator and validator
 * are discovered from the class path (see {@link io.rtm.core.spi.TransportProvider}) unless given.
 * The builder wires the client with Guice; it is the one place the SDK creates an injector. Once a module is
 * added ({@link #addModule}) it composes {@link RtmCoreModule}, whose optional binders the module may override;
 * without one it binds the same parts directly (nothing could override them), which starts faster.
 * Not thread-safe; reusable (each build makes an independent client).
 */
public final class RtmBuilder {

    private final RtmConfig.Builder config = RtmConfig.builder();
    private final TransportConfig.Builder transportConfig = TransportConfig.builder();
    private final List<Interceptor> interceptors = new ArrayList<>();
    private RateLimit rateLimit;
    private RateLimiter rateLimiter;
    private final List<Module> modules = new ArrayList<>();
    private Credentials credentials;
    private Transport transport;
    private Authenticator authenticator;
    private Validator validator;
    private RetryStrategy retryStrategy;
    private Clock clock;

    RtmBuilder() {
    }

    /**
     * Reads the configuration a twelve-factor service keeps outside its code — the same names the {@code rtm}
     * command line uses. For each setting a system property wins over the environment variable; a setting
     * present in neither is left as it is, and builder calls made after this one win:
     * <table>
     *   <caption>settings</caption>
     *   <tr><th>environment</th><th>system property</th><th>sets</th></tr>
     *   <tr><td>{@code RTM_ENDPOINT}</td><td>{@code rtm.endpoint}</td><td>{@link #endpoint(String)}</td></tr>
     *   <tr><td>{@code RTM_APP_ID}</td><td>{@code rtm.app-id}</td><td>{@link #appId(String)}</td></tr>
     *   <tr><td>{@code RTM_API_KEY} + {@code RTM_API_SECRET}</td><td>{@code rtm.api-key} + {@code rtm.api-secret}</td><td>Basic credentials</td></tr>
     *   <tr><td>{@code RTM_TOKEN} + {@code RTM_UID}</td><td>{@code rtm.token} + {@code rtm.uid}</td><td>token credentials</td></tr>
     *   <tr><td>{@code RTM_CALL_TIMEOUT_MS}</td><td>{@code rtm.call-timeout-ms}</td><td>{@link #callTimeout}</td></tr>
     *   <tr><td>{@code RTM_MAX_ATTEMPTS}</td><td>{@code rtm.max-attempts}</td><td>the default retry policy's attempts</td></tr>
     * </table>
     * ({@code RTM_TRANSPORT}/{@code rtm.transport} etc. choose plugins, see {@link io.rtm.core.spi.TransportProvider}.)
     *
     * @throws RtmConfigurationException when a value is invalid, or only one half of a credential pair is set
     */
    public RtmBuilder fromEnvironment() {
        return fromEnvironment(System.getenv(), System.getProperties());
    }

    /** {@link #fromEnvironment()} with explicit sources (tests, or a framework's own configuration). */
    public RtmBuilder fromEnvironment(java.util.Map<String, String> environment, java.util.Properties properties) {
        java.util.function.BiFunction<String, String, String> read = (env, prop) -> {
            String v = properties.getProperty(prop);
            if (v == null || v.isBlank()) {
                v = environment.get(env);
            }
            return v == null || v.isBlank() ? null : v.trim();
        };
        String endpoint = read.apply("RTM_ENDPOINT", "rtm.endpoint");
        if (endpoint != null) {
            endpoint(endpoint);
        }
        String appId = read.apply("RTM_APP_ID", "rtm.app-id");
        if (appId != null) {
            appId(appId);
        }
        String key = read.apply("RTM_API_KEY", "rtm.api-key");
        String secret = read.apply("RTM_API_SECRET", "rtm.api-secret");
        String token = read.apply("RTM_TOKEN", "rtm.token");
        String uid = read.apply("RTM_UID", "rtm.uid");
        if ((key == null) != (secret == null)) {
            throw new RtmConfigurationException("set both RTM_API_KEY and RTM_API_SECRET (or rtm.api-key and rtm.api-secret), not one");
        }
        if ((token == null) != (uid == null)) {
            throw new RtmConfigurationException("set both RTM_TOKEN and RTM_UID (or rtm.token and rtm.uid), not one");
        }
        if (key != null && token != null) {
            throw new RtmConfigurationException("both Basic (RTM_API_KEY/RTM_API_SECRET) and token (RTM_TOKEN/RTM_UID) credentials are set: keep one");
        }
        if (key != null) {
            credentials(Credentials.basic(key, secret));
        } else if (token != null) {
            credentials(Credentials.token(uid, token));
        }
        String timeout = read.apply("RTM_CALL_TIMEOUT_MS", "rtm.call-timeout-ms");
        if (timeout != null) {
            callTimeout(Duration.ofMillis(parsePositive(timeout, "RTM_CALL_TIMEOUT_MS")));
        }
        String attempts = read.apply("RTM_MAX_ATTEMPTS", "rtm.max-attempts");
        if (attempts != null) {
            retryPolicy(RetryPolicy.builder().maxAttempts((int) parsePositive(attempts, "RTM_MAX_ATTEMPTS")).build());
        }
        return this;
    }

    private static long parsePositive(String value, String name) {
        try {
            long v = Long.parseLong(value);
            if (v > 0 && v <= Integer.MAX_VALUE) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new RtmConfigurationException(name + " must be a positive whole number, got '" + value + "'");
    }

    /** The service endpoint; default {@code https://api.agrtc.cn}. Plain http:// only to loopback unless allowed. */
    public RtmBuilder endpoint(String endpoint) {
        try {
            return endpoint(new URI(Objects.requireNonNull(endpoint, "endpoint")));
        } catch (URISyntaxException e) {
            // The reason and position only: the text itself may hold a password in its user info.
            throw new RtmConfigurationException("endpoint is not a valid URI: " + e.getReason() + " at index " + e.getIndex());
        }
    }

    /** The service endpoint. */
    public RtmBuilder endpoint(URI endpoint) {
        config.endpoint(endpoint);
        return this;
    }

    /** Allows plain {@code http://} to a non-loopback host. Off by default. */
    public RtmBuilder allowInsecureHttp(boolean allow) {
        config.allowInsecureHttp(allow);
        return this;
    }

    /** The App ID of the RTM project. Required. */
    public RtmBuilder appId(String appId) {
        config.appId(appId);
        return this;
    }

    /** The credentials: {@link Credentials#basic} or {@link Credentials#token}. Required unless an authenticator is given. */
    public RtmBuilder credentials(Credentials credentials) {
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        return this;
    }

    /** An explicit authenticator instead of one discovered for the credentials; the caller keeps ownership (the client never closes it). */
    public RtmBuilder authenticator(Authenticator authenticator) {
        this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
        return this;
    }

    /**
     * An explicit transport instead of the discovered one. The caller keeps ownership: closing the client
     * does not close it (so one transport may serve several clients).
     */
    public RtmBuilder transport(Transport transport) {
        this.transport = Objects.requireNonNull(transport, "transport");
        return this;
    }

    /** An explicit validator instead of the discovered one. */
    public RtmBuilder validator(Validator validator) {
        this.validator = Objects.requireNonNull(validator, "validator");
        return this;
    }

    /** Adds an interceptor; interceptors of the same {@link io.rtm.core.spi.Phase} run in the order added. */
    public RtmBuilder addInterceptor(Interceptor interceptor) {
        interceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
        return this;
    }

    /**
     * Client-side rate limiting; default {@link RateLimit#defaults()} (each operation's published quota per App ID and
     * API, e.g. 500 calls/s for each send API). {@link RateLimit#disabled()} turns it off.
     */
    public RtmBuilder rateLimit(RateLimit rateLimit) {
        this.rateLimit = Objects.requireNonNull(rateLimit, "rateLimit");
        return this;
    }

    /**
     * A custom {@link RateLimiter} (e.g. one shared by a fleet) instead of the local one, used by the chain's
     * {@code rate-limit} stage; {@link #rateLimit} still sets the quotas, maxWait and maxPenalty.
     */
    public RtmBuilder rateLimiter(RateLimiter rateLimiter) {
        this.rateLimiter = Objects.requireNonNull(rateLimiter, "rateLimiter");
        return this;
    }

    /**
     * The retry decision of the chain's {@code retry} stage; default {@link RetryPolicy#defaults()}. A
     * {@link RequestOptions} strategy overrides it for one call.
     */
    public RtmBuilder retryStrategy(RetryStrategy retryStrategy) {
        this.retryStrategy = Objects.requireNonNull(retryStrategy, "retryStrategy");
        return this;
    }

    /** The built-in retry strategy with these settings: the same as {@link #retryStrategy(RetryStrategy)}. */
    public RtmBuilder retryPolicy(RetryPolicy retryPolicy) {
        return retryStrategy(Objects.requireNonNull(retryPolicy, "retryPolicy"));
    }

    /** Connect timeout per attempt (default 5 s). */
    public RtmBuilder connectTimeout(Duration timeout) {
        transportConfig.connectTimeout(timeout);
        return this;
    }

    /** Response timeout per attempt (default 30 s; a {@code wait_for_ack} send waits for the receiver). */
    public RtmBuilder responseTimeout(Duration timeout) {
        transportConfig.responseTimeout(timeout);
        return this;
    }

    /**
     * Deadline of a whole call, every attempt and retry wait included (default 60 s). Checked every 10 ms while calls
     * are in flight: a call fails at its deadline or at most 10 ms after it.
     */
    public RtmBuilder callTimeout(Duration timeout) {
        config.callTimeout(timeout);
        return this;
    }

    /** Connection pool size (default 100) and per-host size (default 100). */
    public RtmBuilder maxConnections(int total, int perRoute) {
        transportConfig.maxConnections(total).maxConnectionsPerRoute(perRoute);
        return this;
    }

    /** An HTTP proxy for the discovered transport. */
    public RtmBuilder proxy(InetSocketAddress proxy) {
        transportConfig.proxy(Objects.requireNonNull(proxy, "proxy"));
        return this;
    }

    /** A custom TLS context (e.g. a private trust store). Hostnames are still verified. */
    public RtmBuilder sslContext(SSLContext sslContext) {
        transportConfig.sslContext(Objects.requireNonNull(sslContext, "sslContext"));
        return this;
    }

    /** Appends a product token to the User-Agent, e.g. {@code my-service/1.2}. */
    public RtmBuilder userAgentSuffix(String suffix) {
        config.userAgentSuffix(suffix);
        return this;
    }

    /** The clock used to read {@code Retry-After} dates (tests). */
    public RtmBuilder clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /**
     * Extra Guice modules installed with the SDK's {@link RtmCoreModule} (e.g. a plugin's module, or one contributing
     * interceptors); they override its parts through its {@code OptionalBinder}s and add to its {@code Multibinder}s.
     */
    public RtmBuilder addModule(Module module) {
        modules.add(Objects.requireNonNull(module, "module"));
        return this;
    }

    /**
     * Builds a blocking client.
     *
     * @throws RtmConfigurationException when a required option or plugin is missing; the message says what to add
     */
    public RtmClient build() {
        return assemble(RtmClient.class);
    }

    /**
     * Builds an asynchronous client.
     *
     * @throws RtmConfigurationException when a required option or plugin is missing; the message says what to add
     */
    public RtmAsyncClient buildAsync() {
        return assemble(RtmAsyncClient.class);
    }

    private <T> T assemble(Class<T> type) {
        try {
            return injector().getInstance(type);
        } catch (ProvisionException e) {
            throw unwrap(e.getErrorMessages(), e);
        }
    }

    private Injector injector() {
        RtmConfig cfg = config.transportConfig(transportConfig.build()).build();
        if (credentials == null && authenticator == null) {
            throw new RtmConfigurationException("credentials are required: .credentials(Credentials.basic(apiKey, apiSecret)) "
                    + "or .credentials(Credentials.token(uid, token))");
        }
        List<Module> all = new ArrayList<>();
        if (modules.isEmpty()) {
            // Nobody can override a binding: plain bindings, no OptionalBinder/Multibinder machinery.
            all.add(new DirectModule(cfg));
        } else {
            all.add(new RtmCoreModule(cfg));
            all.add(givenParts());
            all.addAll(modules);
        }
        try {
            return Guice.createInjector(Stage.PRODUCTION, all);
        } catch (CreationException e) {
            throw unwrap(e.getErrorMessages(), e);
        } catch (ProvisionException e) {
            throw unwrap(e.getErrorMessages(), e);
        }
    }

    /** The parts given to this builder, as {@code setBinding()}s of {@link RtmCoreModule}'s optional binders. */
    private Module givenParts() {
        return new AbstractModule() {
            @Override
            protected void configure() {
                Binder binder = binder();
                if (credentials != null) {
                    OptionalBinder.newOptionalBinder(binder, Credentials.class).setBinding().toInstance(credentials);
                }
                if (transport != null) {
                    OptionalBinder.newOptionalBinder(binder, Transport.class).setBinding().toInstance(new UnownedTransport(transport));
                }
                if (authenticator != null) {
                    OptionalBinder.newOptionalBinder(binder, Authenticator.class).setBinding().toInstance(new UnownedAuthenticator(authenticator));
                }
                if (validator != null) {
                    OptionalBinder.newOptionalBinder(binder, Validator.class).setBinding().toInstance(validator);
                }
                if (retryStrategy != null) {
                    OptionalBinder.newOptionalBinder(binder, RetryStrategy.class).setBinding().toInstance(retryStrategy);
                }
                if (clock != null) {
                    OptionalBinder.newOptionalBinder(binder, Clock.class).setBinding().toInstance(clock);
                }
                if (rateLimit != null) {
                    OptionalBinder.newOptionalBinder(binder, RateLimit.class).setBinding().toInstance(rateLimit);
                }
                if (rateLimiter != null) {
                    OptionalBinder.newOptionalBinder(binder, RateLimiter.class).setBinding().toInstance(rateLimiter);
                }
                // RtmCoreModule declares the set; add to it only when there is something to add.
                if (!interceptors.isEmpty()) {
                    Multibinder<Interceptor> set = Multibinder.newSetBinder(binder, Interceptor.class);
                    for (Interceptor i : interceptors) {
                        set.addBinding().toInstance(i);
                    }
                }
            }
        };
    }

    /**
     * What {@link RtmCoreModule} plus {@link #givenParts()} bind, as plain bindings: used when no module was added,
     * so nothing can override a binding. Same providers, same scopes, same defaults; it saves the optional binders'
     * and multibinders' extra keys and classes at start-up. Keep the two in step.
     */
    private final class DirectModule extends AbstractModule {
        private final RtmConfig cfg;

        DirectModule(RtmConfig cfg) {
            this.cfg = cfg;
        }

        @Override
        protected void configure() {
            Binder binder = binder();
            binder.bind(RtmConfig.class).toInstance(cfg);
            binder.bind(TransportConfig.class).toInstance(cfg.transportConfig());
            binder.bind(PluginLoader.class).toInstance(new PluginLoader());
            binder.bind(new TypeLiteral<Optional<Credentials>>() { }).toInstance(Optional.ofNullable(credentials));
            if (transport != null) {
                binder.bind(Transport.class).toInstance(new UnownedTransport(transport));
            } else {
                binder.bind(RtmCoreModule.DiscoveredTransport.class).in(Singleton.class);
                binder.bind(Transport.class).toProvider(RtmCoreModule.DiscoveredTransport.class);
            }
            if (authenticator != null) {
                binder.bind(Authenticator.class).toInstance(new UnownedAuthenticator(authenticator));
            } else {
                binder.bind(RtmCoreModule.DiscoveredAuthenticator.class).in(Singleton.class);
                binder.bind(Authenticator.class).toProvider(RtmCoreModule.DiscoveredAuthenticator.class);
            }
            if (validator != null) {
                binder.bind(Validator.class).toInstance(validator);
            } else {
                binder.bind(RtmCoreModule.DiscoveredValidator.class).in(Singleton.class);
                binder.bind(Validator.class).toProvider(RtmCoreModule.DiscoveredValidator.class);
            }
            binder.bind(RetryStrategy.class).toInstance(retryStrategy != null ? retryStrategy : RetryPolicy.defaults());
            binder.bind(Clock.class).toInstance(clock != null ? clock : Clock.systemUTC());
            binder.bind(RateLimit.class).toInstance(rateLimit != null ? rateLimit : RateLimit.defaults());
            binder.bind(RtmScheduler.class).in(Singleton.class);
            if (rateLimiter != null) {
                binder.bind(RateLimiter.class).toInstance(rateLimiter);
            } else {
                binder.bind(RtmCoreModule.DefaultRateLimiter.class).in(Singleton.class);
                binder.bind(RateLimiter.class).toProvider(RtmCoreModule.DefaultRateLimiter.class);
            }
            binder.bind(new TypeLiteral<Set<Interceptor>>() { }).toInstance(asSet(interceptors));
            binder.bind(RtmAsyncClient.class).to(DefaultRtmAsyncClient.class);
            binder.bind(RtmClient.class).to(DefaultRtmClient.class);
        }
    }

    /** The elements in the order added, each once, as the Multibinder gives them (Guice drops equal instance bindings). */
    private static <T> Set<T> asSet(List<T> elements) {
        return elements.isEmpty() ? Set.of() : java.util.Collections.unmodifiableSet(new LinkedHashSet<>(elements));
    }

    private static RuntimeException unwrap(Iterable<Message> messages, RuntimeException original) {
        for (Message m : messages) {
            for (Throwable t = m.getCause(); t != null; t = t.getCause()) {
                if (t instanceof RtmException rtm) {
                    return rtm;
                }
            }
        }
        return new RtmConfigurationException("could not assemble the RTM client: " + original.getMessage(), original);
    }
}
