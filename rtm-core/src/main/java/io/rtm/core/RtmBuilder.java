package io.rtm.core;

import com.google.inject.Module;
import io.rtm.core.error.RtmConfigurationException;
import io.rtm.core.internal.ClientAssembly;
import io.rtm.core.spi.Authenticator;
import io.rtm.core.spi.Instrumentation;
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
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * Builds an {@link RtmClient} ({@link #build()}) or {@link RtmAsyncClient} ({@link #buildAsync()}).
 * Only {@link #appId} and {@link #credentials} are required; the transport, authenticator and validator
 * are discovered from the class path (see {@link io.rtm.core.spi.TransportProvider}) unless given.
 * The builder wires the client in plain Java: Guice need not be on the class path, and the Guice version an
 * application pins does not matter. Only when a Guice module is added ({@link #addModule}) does it create an injector,
 * composing {@link RtmCoreModule}; both ways reach the same assembly of the same parts.
 * Not thread-safe; reusable (each build makes an independent client).
 */
public final class RtmBuilder {

    private final RtmConfig.Builder config = RtmConfig.builder();
    private final TransportConfig.Builder transportConfig = TransportConfig.builder();
    private final List<Interceptor> interceptors = new ArrayList<>();
    private final List<Instrumentation> instrumentations = new ArrayList<>();
    private RateLimit rateLimit;
    private RateLimiter rateLimiter;
    /** Guice modules, kept as Objects so that this class never needs Guice loaded. */
    private final List<Object> modules = new ArrayList<>();
    private Credentials credentials;
    private Transport transport;
    private Authenticator authenticator;
    private Validator validator;
    private RetryStrategy retryStrategy;
    private Clock clock;
    /** Where plugins are chosen and read their settings: the sources of {@link #fromEnvironment}; null = the JVM's. */
    private PluginSettings pluginSettings;

    /** The sources given to {@link #fromEnvironment(java.util.Map, java.util.Properties)}. */
    private record PluginSettings(java.util.Map<String, String> environment, java.util.Properties properties) {
        io.rtm.core.internal.PluginLoader loader() {
            return new io.rtm.core.internal.PluginLoader(properties::getProperty, environment::get);
        }
    }

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
     *   <tr><td>{@code RTM_RATE_LIMITER}</td><td>{@code rtm.rate-limiter}</td><td>the rate limiter provider by name, or
     *       {@code local} (see {@link io.rtm.core.spi.RateLimiterProvider})</td></tr>
     *   <tr><td>{@code RTM_REDIS_URL}, {@code RTM_REDIS_FLEET_SIZE}</td><td>{@code rtm.redis-url},
     *       {@code rtm.redis-fleet-size}</td><td>with {@code io.rtm:rtm-ratelimit-redis} on the class path: the fleet-wide
     *       limiter on that Redis, and the number of processes sharing the quota (read by its provider)</td></tr>
     * </table>
     * ({@code RTM_TRANSPORT}/{@code rtm.transport} etc. choose plugins, see {@link io.rtm.core.spi.TransportProvider}.)
     * Plugin selection and the settings a discovered plugin reads (the last two rows) are looked up when the client is
     * built, in the same sources; without this call, in the JVM's system properties and environment.
     *
     * @throws RtmConfigurationException when a value is invalid, or only one half of a credential pair is set
     */
    public RtmBuilder fromEnvironment() {
        return fromEnvironment(System.getenv(), System.getProperties());
    }

    /**
     * {@link #fromEnvironment()} with explicit sources (tests, or a framework's own configuration); plugin selection
     * and plugin settings read these sources too, when the client is built.
     */
    public RtmBuilder fromEnvironment(java.util.Map<String, String> environment, java.util.Properties properties) {
        java.util.Objects.requireNonNull(environment, "environment");
        java.util.Objects.requireNonNull(properties, "properties");
        this.pluginSettings = new PluginSettings(environment, properties);
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
     * Adds an instrumentation (interceptors and call observers that work together, e.g. tracing); its interceptors
     * run before those added with {@link #addInterceptor}, each in its phase. A discovered instrumentation
     * ({@link io.rtm.core.spi.InstrumentationProvider}) of the same name is then not added.
     */
    public RtmBuilder addInstrumentation(Instrumentation instrumentation) {
        instrumentations.add(Objects.requireNonNull(instrumentation, "instrumentation"));
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
     * A custom {@link RateLimiter} (e.g. one shared by a fleet) instead of a discovered or the local one, used by the
     * chain's {@code rate-limit} stage; {@link #rateLimit} still sets the quotas, maxWait and maxPenalty. The caller keeps
     * ownership: closing the client does not close it. Without it, a configured
     * {@link io.rtm.core.spi.RateLimiterProvider} makes one (which the client closes), else the client paces locally.
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

    /**
     * How long {@code close()} lets calls in flight (and their retries) finish before aborting them (default 5 s);
     * {@code close(Duration)} chooses per close.
     */
    public RtmBuilder closeGrace(Duration grace) {
        config.closeGrace(grace);
        return this;
    }

    /**
     * Where the asynchronous client completes the futures it returns (see {@link RtmConfig.Builder#completionExecutor}):
     * by default an SDK-owned small pool, so a slow continuation never stalls the SDK's I/O threads;
     * {@code Runnable::run} opts out. The blocking client's sends need no hand-off and never use it; event pollers'
     * listeners run on it.
     */
    public RtmBuilder completionExecutor(java.util.concurrent.Executor executor) {
        config.completionExecutor(executor);
        return this;
    }

    /**
     * How long to wait before asking again for a history result the service reports {@code "in progress"} (default
     * 2 s, as the service asks; shorten it only against an emulator).
     */
    public RtmBuilder historyPollInterval(Duration interval) {
        config.historyPollInterval(interval);
        return this;
    }

    /** Connection pool size (default 1,000) and per-host size (default 1,000; connections open on demand; see {@link TransportConfig#defaults()}). */
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
     * Needs Guice 6.0.0 or later on the class path; without a module, the builder never touches Guice.
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
        RtmConfig cfg = config.transportConfig(transportConfig.build()).build();
        if (credentials == null && authenticator == null) {
            throw new RtmConfigurationException("credentials are required: .credentials(Credentials.basic(apiKey, apiSecret)) "
                    + "or .credentials(Credentials.token(uid, token))");
        }
        if (!modules.isEmpty()) {
            return GuiceAssembly.build(type, cfg, this, modules); // only now is Guice loaded
        }
        RtmAsyncClient async = ClientAssembly.assemble(given(ClientAssembly.parts().config(cfg)));
        return type.cast(type == RtmClient.class ? ClientAssembly.blocking(async) : async);
    }

    /** The parts given to this builder; a transport or authenticator given here stays the caller's. */
    ClientAssembly.Parts given(ClientAssembly.Parts parts) {
        if (transport != null) {
            parts.transport(transport, false);
        }
        if (authenticator != null) {
            parts.authenticator(authenticator, false);
        }
        if (pluginSettings != null) {
            parts.plugins(pluginSettings.loader());
        }
        return parts.credentials(credentials).validator(validator).retryStrategy(retryStrategy).rateLimit(rateLimit)
                .rateLimiter(rateLimiter).interceptors(interceptors).instrumentations(instrumentations).clock(clock);
    }
}
