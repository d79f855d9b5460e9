package io.rtm.examples.cli;

import io.rtm.core.Credentials;
import io.rtm.core.RetryPolicy;
import io.rtm.core.Rtm;
import io.rtm.core.RtmBuilder;
import io.rtm.core.RtmClient;
import io.rtm.core.RtmConfig;
import io.rtm.core.error.RtmConfigurationException;
import io.rtm.core.spi.Transport;
import io.rtm.core.spi.TransportConfig;
import io.rtm.core.spi.TransportProvider;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import picocli.CommandLine.Option;

/**
 * Connection options shared by every command that sends. Options marked {@link Env} also read their
 * environment variable; the command line wins.
 */
final class ConnectionOptions {

    @Env("RTM_ENDPOINT")
    @Option(names = "--endpoint", paramLabel = "URL", defaultValue = "https://api.agrtc.cn",
            description = "Service endpoint (env RTM_ENDPOINT).")
    String endpoint;

    @Env("RTM_APP_ID")
    @Option(names = "--app-id", paramLabel = "APP_ID", description = "App ID of the project (env RTM_APP_ID; required).")
    String appId;

    @Env("RTM_API_KEY")
    @Option(names = "--api-key", paramLabel = "KEY", description = "API key for Basic auth; no ':' (env RTM_API_KEY).")
    String apiKey;

    @Secret
    @Env("RTM_API_SECRET")
    @Option(names = "--api-secret", paramLabel = "SECRET",
            description = "API secret for Basic auth; at least 8 characters, never printed (env RTM_API_SECRET).")
    String apiSecret;

    @Secret
    @Env("RTM_TOKEN")
    @Option(names = "--token", paramLabel = "TOKEN", description = "RTM token for token auth; never printed (env RTM_TOKEN).")
    String token;

    @Env("RTM_UID")
    @Option(names = "--uid", paramLabel = "UID", description = "The user the token was generated for (env RTM_UID).")
    String uid;

    @Env("RTM_TRANSPORT")
    @Option(names = "--transport", paramLabel = "NAME", defaultValue = "httpclient5",
            description = "HTTP client: httpclient5 (Apache HttpClient 5) or jdk (java.net.http) (env RTM_TRANSPORT).")
    String transport;

    @Option(names = "--insecure",
            description = "Allow plain http:// to a host that is not loopback (credentials and messages travel unencrypted).")
    boolean insecure;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "Deadline of the whole call, retries included.")
    long timeoutSeconds;

    @Option(names = "--max-attempts", paramLabel = "N", defaultValue = "3",
            description = "Most attempts per message, the first included; 1 = never retry.")
    int maxAttempts;

    @Env("RTM_REDIS_URL")
    @Option(names = "--redis-url", paramLabel = "URL",
            description = "Share the App ID's quota with every process using this Redis (redis://HOST:PORT): the fleet "
                    + "rate limiter instead of this process's own (env RTM_REDIS_URL).")
    String redisUrl;

    @Env("RTM_REDIS_FLEET_SIZE")
    @Option(names = "--fleet-size", paramLabel = "N",
            description = "With --redis-url: how many processes share the quota, so that each takes 1/N of it while Redis "
                    + "is unreachable (env RTM_REDIS_FLEET_SIZE; default 4).")
    Integer fleetSize;

    /**
     * A client for these options. Every problem with them is a {@link UsageException} naming the option and its
     * variable, thrown before anything is sent.
     */
    Connection open() {
        return open(java.util.Map.of());
    }

    /** {@link #open()}, handing the {@code RTM_REDIS_*} variables of {@code environment} to the fleet limiter. */
    Connection open(java.util.Map<String, String> environment) {
        if (appId == null || appId.isBlank()) {
            throw new UsageException("--app-id (or RTM_APP_ID) is required");
        }
        Credentials credentials = credentials();
        if (timeoutSeconds <= 0) {
            throw new UsageException("--timeout must be a positive number of seconds, got " + timeoutSeconds);
        }
        if (maxAttempts < 1) {
            throw new UsageException("--max-attempts must be at least 1, got " + maxAttempts);
        }
        refuseInsecureHttpWithoutFlag();
        TransportProvider provider = transportProvider();
        Duration timeout = Duration.ofSeconds(timeoutSeconds);
        if (fleetSize != null && fleetSize < 1) {
            throw new UsageException("--fleet-size must be at least 1, got " + fleetSize);
        }
        if (fleetSize != null && redisUrl == null) {
            throw new UsageException("--fleet-size applies only with --redis-url (or RTM_REDIS_URL)");
        }
        RtmBuilder builder = Rtm.builder().fromEnvironment(limiterSettings(environment), new java.util.Properties())
                .endpoint(endpoint).appId(appId).credentials(credentials)
                .allowInsecureHttp(insecure)
                .retryPolicy(maxAttempts == 1 ? RetryPolicy.none() : RetryPolicy.builder().maxAttempts(maxAttempts).build())
                .callTimeout(timeout)
                .userAgentSuffix("rtm-cli");
        // The client does not own a transport given to it: Connection closes both.
        Transport t = provider.create(TransportConfig.builder().responseTimeout(timeout).build());
        try {
            return new Connection(builder.transport(t).build(), t);
        } catch (RuntimeException e) {
            t.close();
            throw e;
        }
    }

    /**
     * The only settings the SDK's plugin discovery reads here: the fleet limiter's ({@code rtm-ratelimit-redis} finds
     * its Redis in {@code RTM_REDIS_URL}, and reads its other {@code RTM_REDIS_*} variables); without them the local
     * limiter. Nothing else of the environment leaks in.
     */
    private java.util.Map<String, String> limiterSettings(java.util.Map<String, String> environment) {
        java.util.Map<String, String> settings = new java.util.HashMap<>();
        environment.forEach((name, value) -> {
            if (name.startsWith("RTM_REDIS_")) {
                settings.put(name, value);
            }
        });
        if (redisUrl != null && !redisUrl.isBlank()) {
            settings.put("RTM_REDIS_URL", redisUrl.trim());
            settings.put("RTM_RATE_LIMITER", "redis"); // insist: a missing plugin is an error, not a silent local limiter
            if (fleetSize != null) {
                settings.put("RTM_REDIS_FLEET_SIZE", Integer.toString(fleetSize));
            }
        } else {
            settings.remove("RTM_REDIS_URL");
            settings.put("RTM_RATE_LIMITER", "local");
        }
        return settings;
    }

    private Credentials credentials() {
        boolean basic = apiKey != null || apiSecret != null;
        boolean tokenAuth = token != null || uid != null;
        if (basic && tokenAuth) {
            throw new UsageException("give either --api-key/--api-secret or --token/--uid, not both "
                    + "(check RTM_API_KEY/RTM_API_SECRET and RTM_TOKEN/RTM_UID too)");
        }
        if (basic) {
            if (apiKey == null || apiSecret == null) {
                throw new UsageException("Basic auth needs both --api-key (RTM_API_KEY) and --api-secret (RTM_API_SECRET)");
            }
            if (apiKey.isEmpty()) {
                throw new UsageException("--api-key must not be empty");
            }
            if (apiKey.indexOf(':') >= 0) {
                throw new UsageException("--api-key must not contain ':' (Basic auth sends key:secret, "
                        + "and the service splits it at the first colon)");
            }
            return Credentials.basic(apiKey, apiSecret);
        }
        if (tokenAuth) {
            if (token == null || uid == null) {
                throw new UsageException("token auth needs both --token (RTM_TOKEN) and --uid (RTM_UID)");
            }
            if (uid.isEmpty()) {
                throw new UsageException("--uid must not be empty");
            }
            return Credentials.token(uid, token);
        }
        throw new UsageException("credentials are required: --api-key/--api-secret or --token/--uid "
                + "(or RTM_API_KEY/RTM_API_SECRET, RTM_TOKEN/RTM_UID)");
    }

    /** The core refuses plain http to a non-loopback host; say which flag of ours allows it. */
    private void refuseInsecureHttpWithoutFlag() {
        URI uri;
        try {
            uri = new URI(endpoint);
        } catch (URISyntaxException e) {
            return; // the builder reports it (without echoing the URI, which may hold a password)
        }
        if (insecure || !"http".equalsIgnoreCase(uri.getScheme())) {
            return;
        }
        // The core decides what counts as loopback; this only rewords its refusal to name --insecure.
        if (refusedByCore(uri, false) && !refusedByCore(uri, true)) {
            throw new UsageException("--endpoint is plain http:// to " + uri.getHost() + ", which is not a loopback host: "
                    + "credentials and messages would travel unencrypted; use https://, or add --insecure if you mean it");
        }
    }

    private boolean refusedByCore(URI uri, boolean allowInsecure) {
        try {
            RtmConfig.builder().endpoint(uri).appId(appId).allowInsecureHttp(allowInsecure).build();
            return false;
        } catch (RtmConfigurationException e) {
            return true;
        }
    }

    private TransportProvider transportProvider() {
        List<String> available = new ArrayList<>();
        for (TransportProvider p : ServiceLoader.load(TransportProvider.class, ConnectionOptions.class.getClassLoader())) {
            if (p.name().equalsIgnoreCase(transport.trim())) {
                return p;
            }
            available.add(p.name());
        }
        available.sort(null);
        throw new UsageException("--transport (or RTM_TRANSPORT) '" + transport.toLowerCase(Locale.ROOT)
                + "' is not available; this rtm has: " + String.join(", ", available));
    }

    /** An open client and the transport made for it. Closing closes both. */
    record Connection(RtmClient client, Transport transport) implements AutoCloseable {
        @Override
        public void close() {
            try {
                client.close();
            } finally {
                transport.close();
            }
        }

        /** Lets the calls in flight finish for up to {@code grace}, aborts the rest, then closes the transport. */
        void close(Duration grace) {
            try {
                client.close(grace);
            } finally {
                transport.close();
            }
        }
    }
}
