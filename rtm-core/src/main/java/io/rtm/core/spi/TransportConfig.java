package io.rtm.core.spi;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * Transport-neutral options a {@link TransportProvider} builds its transport from. Immutable.
 * Every timeout is positive: no network call waits forever.
 */
public final class TransportConfig {

    private final Duration connectTimeout;
    private final Duration responseTimeout;
    private final int maxConnections;
    private final int maxConnectionsPerRoute;
    private final InetSocketAddress proxy;
    private final SSLContext sslContext;

    private TransportConfig(Builder b) {
        this.connectTimeout = b.connectTimeout;
        this.responseTimeout = b.responseTimeout;
        this.maxConnections = b.maxConnections;
        this.maxConnectionsPerRoute = b.maxConnectionsPerRoute;
        this.proxy = b.proxy;
        this.sslContext = b.sslContext;
    }

    /**
     * The defaults: connect 5 s, response 30 s, 1,000 connections, 1,000 per route, no proxy, the JVM's TLS. Pools open
     * connections on demand, so the limit costs nothing until used; 1,000 lets one client keep both send APIs at their
     * full quota (500/s each) at one second of latency (Little's law: in flight = rate × latency), which an HTTP/1.1
     * call holds a connection for.
     */
    public static TransportConfig defaults() {
        return builder().build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder pre-filled with this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.connectTimeout = connectTimeout;
        b.responseTimeout = responseTimeout;
        b.maxConnections = maxConnections;
        b.maxConnectionsPerRoute = maxConnectionsPerRoute;
        b.proxy = proxy;
        b.sslContext = sslContext;
        return b;
    }

    /** Longest wait to establish a connection (TCP + TLS). */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** Longest wait for the response once the request is sent, per attempt. */
    public Duration responseTimeout() {
        return responseTimeout;
    }

    /** Pool size across all hosts. */
    public int maxConnections() {
        return maxConnections;
    }

    /** Pool size per host. */
    public int maxConnectionsPerRoute() {
        return maxConnectionsPerRoute;
    }

    /** An HTTP proxy to tunnel through, if any. */
    public Optional<InetSocketAddress> proxy() {
        return Optional.ofNullable(proxy);
    }

    /** A custom TLS context (e.g. a private trust store); absent means the JVM's default. Hostnames are always verified. */
    public Optional<SSLContext> sslContext() {
        return Optional.ofNullable(sslContext);
    }

    @Override
    public String toString() {
        return "TransportConfig{connectTimeout=" + connectTimeout + ", responseTimeout=" + responseTimeout
                + ", maxConnections=" + maxConnections + ", maxConnectionsPerRoute=" + maxConnectionsPerRoute
                + ", proxy=" + proxy + ", customTls=" + (sslContext != null) + '}';
    }

    /** Builds a {@link TransportConfig}. Not thread-safe. */
    public static final class Builder {
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration responseTimeout = Duration.ofSeconds(30);
        private int maxConnections = 1_000;
        private int maxConnectionsPerRoute = 1_000;
        private InetSocketAddress proxy;
        private SSLContext sslContext;

        private Builder() {
        }

        /** Connect timeout; positive. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        /** Response timeout per attempt; positive. */
        public Builder responseTimeout(Duration timeout) {
            this.responseTimeout = positive(timeout, "responseTimeout");
            return this;
        }

        /** Pool size across hosts; at least 1. */
        public Builder maxConnections(int max) {
            this.maxConnections = atLeastOne(max, "maxConnections");
            return this;
        }

        /** Pool size per host; at least 1. */
        public Builder maxConnectionsPerRoute(int max) {
            this.maxConnectionsPerRoute = atLeastOne(max, "maxConnectionsPerRoute");
            return this;
        }

        /** An HTTP proxy, or null for none. */
        public Builder proxy(InetSocketAddress proxy) {
            this.proxy = proxy;
            return this;
        }

        /** A custom TLS context, or null for the JVM default. */
        public Builder sslContext(SSLContext sslContext) {
            this.sslContext = sslContext;
            return this;
        }

        /** Builds the configuration. */
        public TransportConfig build() {
            return new TransportConfig(this);
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException(name + " must be positive: " + d);
            }
            return d;
        }

        private static int atLeastOne(int v, String name) {
            if (v < 1) {
                throw new IllegalArgumentException(name + " must be >= 1: " + v);
            }
            return v;
        }
    }
}
