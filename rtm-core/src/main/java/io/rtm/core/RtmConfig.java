package io.rtm.core;

import io.rtm.core.error.RtmConfigurationException;
import io.rtm.core.spi.TransportConfig;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * The client's settings: endpoint, App ID, overall call timeout, close grace period, where futures complete, and
 * the transport options. Immutable.
 * {@link Rtm#builder()} builds one for you; Guice users pass one to {@link RtmCoreModule}.
 */
public final class RtmConfig {

    /** The service's public endpoint. */
    public static final URI DEFAULT_ENDPOINT = URI.create("https://api.agrtc.cn");

    private final URI endpoint;
    private final String appId;
    private final Duration callTimeout;
    private final TransportConfig transportConfig;
    private final String userAgent;
    private final Duration closeGrace;
    private final Executor completionExecutor;
    private final Duration historyPollInterval;

    private RtmConfig(Builder b) {
        this.endpoint = b.endpoint;
        this.appId = b.appId;
        this.callTimeout = b.callTimeout;
        this.transportConfig = b.transportConfig;
        this.userAgent = b.userAgent;
        this.closeGrace = b.closeGrace;
        this.completionExecutor = b.completionExecutor;
        this.historyPollInterval = b.historyPollInterval;
    }

    /** A builder with the defaults (public endpoint, 60 s call timeout, {@link TransportConfig#defaults()}). */
    public static Builder builder() {
        return new Builder();
    }

    /** The base URI requests go to, without a trailing slash (e.g. {@code https://api.agrtc.cn}). */
    public URI endpoint() {
        return endpoint;
    }

    /** The App ID of the RTM project. */
    public String appId() {
        return appId;
    }

    /** The longest a whole call may take, every attempt and wait included. */
    public Duration callTimeout() {
        return callTimeout;
    }

    /** Options for the transport. */
    public TransportConfig transportConfig() {
        return transportConfig;
    }

    /** How long {@code close()} lets calls in flight (and their retries) finish before aborting them; default 5 s. */
    public Duration closeGrace() {
        return closeGrace;
    }

    /**
     * Where the asynchronous client completes the futures it returns, so that callers' continuations never run on the
     * SDK's I/O threads; empty: the SDK's own small pool (see {@link Builder#completionExecutor}).
     */
    public Optional<Executor> completionExecutor() {
        return Optional.ofNullable(completionExecutor);
    }

    /**
     * How long the client waits before asking again for a history result the service reports {@code "in progress"};
     * default 2 s, as the service asks.
     */
    public Duration historyPollInterval() {
        return historyPollInterval;
    }

    /** The {@code User-Agent} header sent with every request. */
    public String userAgent() {
        return userAgent;
    }

    @Override
    public String toString() {
        return "RtmConfig{endpoint=" + endpoint + ", appId='" + appId + "', callTimeout=" + callTimeout + ", closeGrace=" + closeGrace
                + ", transport=" + transportConfig + '}';
    }

    /** Builds an {@link RtmConfig}; {@link #build()} checks every option. Not thread-safe. */
    public static final class Builder {
        private URI endpoint = DEFAULT_ENDPOINT;
        private String appId;
        private Duration callTimeout = Duration.ofSeconds(60);
        private TransportConfig transportConfig = TransportConfig.defaults();
        private String userAgent = SdkVersion.userAgent();
        private boolean allowInsecureHttp;
        private Duration closeGrace = Duration.ofSeconds(5);
        private Executor completionExecutor;
        private Duration historyPollInterval = Duration.ofSeconds(2);

        private Builder() {
        }

        /** How long {@code close()} lets calls in flight finish before aborting them; zero or positive. Default 5 s. */
        public Builder closeGrace(Duration closeGrace) {
            Objects.requireNonNull(closeGrace, "closeGrace");
            if (closeGrace.isNegative()) {
                throw new RtmConfigurationException("closeGrace must not be negative: " + closeGrace);
            }
            this.closeGrace = closeGrace;
            return this;
        }

        /**
         * Where the asynchronous client completes its futures (AWS SDK's {@code FUTURE_COMPLETION_EXECUTOR}). Default:
         * an SDK-owned pool of daemon threads ({@code rtm-completion-N}, up to 4, a queue of 10,000; when the queue is
         * full the completion runs on the SDK thread that finished the call, which slows the SDK instead of losing or
         * delaying a result without bound). {@code Runnable::run} opts out: continuations then run on the SDK's I/O and
         * timer threads, so they must be short. An executor given here is the caller's: the client never shuts it down.
         */
        public Builder completionExecutor(Executor completionExecutor) {
            this.completionExecutor = Objects.requireNonNull(completionExecutor, "completionExecutor");
            return this;
        }

        /**
         * How long to wait before asking again for a history result that is {@code "in progress"}; positive. Default
         * 2 s, as published: shorten it only against an emulator (tests).
         */
        public Builder historyPollInterval(Duration historyPollInterval) {
            Objects.requireNonNull(historyPollInterval, "historyPollInterval");
            if (historyPollInterval.isZero() || historyPollInterval.isNegative()) {
                throw new RtmConfigurationException("historyPollInterval must be positive: " + historyPollInterval);
            }
            this.historyPollInterval = historyPollInterval;
            return this;
        }

        /** The service endpoint (scheme, host, optional port and path prefix). Default {@code https://api.agrtc.cn}. */
        public Builder endpoint(URI endpoint) {
            this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
            return this;
        }

        /** The App ID. Required. */
        public Builder appId(String appId) {
            this.appId = appId;
            return this;
        }

        /** The overall deadline of one call, retries included; positive. Default 60 s. */
        public Builder callTimeout(Duration callTimeout) {
            Objects.requireNonNull(callTimeout, "callTimeout");
            if (callTimeout.isZero() || callTimeout.isNegative()) {
                throw new RtmConfigurationException("callTimeout must be positive: " + callTimeout);
            }
            this.callTimeout = callTimeout;
            return this;
        }

        /** Transport options (timeouts per attempt, pool, proxy, TLS). */
        public Builder transportConfig(TransportConfig transportConfig) {
            this.transportConfig = Objects.requireNonNull(transportConfig, "transportConfig");
            return this;
        }

        /** Appends a product token to the {@code User-Agent} (e.g. {@code my-service/1.2}). */
        public Builder userAgentSuffix(String suffix) {
            this.userAgent = SdkVersion.userAgent() + " " + Objects.requireNonNull(suffix, "suffix");
            return this;
        }

        /** Allows plain {@code http://} to a host that is not loopback (never do this in production). */
        public Builder allowInsecureHttp(boolean allow) {
            this.allowInsecureHttp = allow;
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @throws RtmConfigurationException naming the option that is missing or invalid
         */
        public RtmConfig build() {
            if (appId == null || appId.isBlank()) {
                throw new RtmConfigurationException("appId is required: Rtm.builder().appId(\"<your App ID>\")");
            }
            this.endpoint = checkEndpoint(endpoint, allowInsecureHttp);
            return new RtmConfig(this);
        }

        private static URI checkEndpoint(URI uri, boolean allowInsecureHttp) {
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!uri.isAbsolute() || uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
                throw new RtmConfigurationException("endpoint must be an absolute https:// URI with a host: " + withoutUserInfo(uri));
            }
            if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
                throw new RtmConfigurationException("endpoint must not have a query, fragment or user info: " + uri.getHost());
            }
            if (scheme.equals("http") && !allowInsecureHttp && !isLoopback(uri.getHost())) {
                throw new RtmConfigurationException("plain http:// is only allowed to a loopback host (got " + uri.getHost()
                        + "); use https://, or allowInsecureHttp(true) if you really mean it");
            }
            String path = uri.getRawPath() == null ? "" : uri.getRawPath();
            while (path.endsWith("/")) {
                path = path.substring(0, path.length() - 1);
            }
            try {
                return new URI(scheme + "://" + uri.getRawAuthority() + path);
            } catch (URISyntaxException e) {
                throw new RtmConfigurationException("invalid endpoint: " + uri.getHost(), e);
            }
        }

        /** The URI as text minus any user info (it may hold a password). */
        private static String withoutUserInfo(URI uri) {
            if (uri.getRawUserInfo() == null) {
                return uri.toString();
            }
            return uri.toString().replace(uri.getRawUserInfo() + "@", "<user info>@");
        }

        private static boolean isLoopback(String host) {
            String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
            if (h.equalsIgnoreCase("localhost")) {
                return true;
            }
            // Literal addresses only: never resolve a name here (no DNS during configuration).
            if (h.matches("[0-9.]+") || h.contains(":")) {
                try {
                    return InetAddress.getByName(h).isLoopbackAddress();
                } catch (java.net.UnknownHostException e) {
                    return false;
                }
            }
            return false;
        }
    }
}
