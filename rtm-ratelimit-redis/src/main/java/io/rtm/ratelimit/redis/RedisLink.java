package io.rtm.ratelimit.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The limiter's one connection to Redis, and whatever it owns to have it: a Lettuce client and its threads
 * when built from a URI, the connection alone when given a client, nothing when given a connection.
 * Connecting is asynchronous and retried by the health probe, so a limiter can start while Redis is down.
 */
final class RedisLink implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RedisLink.class);
    // Lettuce's minimum; one connection uses one event loop anyway
    private static final int LETTUCE_THREADS = 2;

    private final ClientResources ownedResources;
    private final RedisClient client;
    private final boolean ownsClient;
    private final RedisURI uri;
    private final String description;
    private final boolean ownsConnection;
    private volatile StatefulRedisConnection<String, String> connection;
    private CompletableFuture<Void> connecting; // guarded by this
    private boolean closed; // guarded by this

    private RedisLink(ClientResources ownedResources, RedisClient client, boolean ownsClient, RedisURI uri,
                      StatefulRedisConnection<String, String> connection, String description) {
        this.ownedResources = ownedResources;
        this.client = client;
        this.ownsClient = ownsClient;
        this.uri = uri;
        this.connection = connection;
        this.ownsConnection = connection == null;
        this.description = description;
    }

    /**
     * Owns a Lettuce client (2 I/O and 2 computation threads) for this URI, connecting at most {@code connectTimeout};
     * after a disconnect it tries to reconnect at least every {@code reconnectCap} (jittered), so that a Redis that
     * returns is found about as soon as the probe looks (Lettuce's default backoff grows to 30 s).
     */
    static RedisLink owning(RedisURI uri, Duration connectTimeout, Duration reconnectCap) {
        ClientResources resources = DefaultClientResources.builder()
                .ioThreadPoolSize(LETTUCE_THREADS).computationThreadPoolSize(LETTUCE_THREADS)
                .reconnectDelay(Delay.equalJitter(Duration.ofMillis(10), reconnectCap, 10, TimeUnit.MILLISECONDS))
                .build();
        RedisClient client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                // fail at once while disconnected instead of queueing: the limiter falls back meanwhile
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(connectTimeout).build())
                .timeoutOptions(TimeoutOptions.enabled(connectTimeout))
                .build());
        return new RedisLink(resources, client, true, uri, null, describe(uri));
    }

    /** Uses the caller's client (left open) for a connection of its own to this URI. */
    static RedisLink onClient(RedisClient client, RedisURI uri) {
        return new RedisLink(null, client, false, uri, null, describe(uri));
    }

    /** Uses the caller's connection (left open). */
    static RedisLink onConnection(StatefulRedisConnection<String, String> connection) {
        return new RedisLink(null, null, false, null, connection, "a caller's connection");
    }

    /** Where Redis is, for logs: host and port only (the URI may hold a password). */
    String description() {
        return description;
    }

    /** The commands of the current connection, or null while there is none. */
    RedisAsyncCommands<String, String> commands() {
        StatefulRedisConnection<String, String> c = connection;
        return c == null ? null : c.async();
    }

    /** Completes once connected (at once when already connected); never blocks. */
    synchronized CompletableFuture<Void> connect() {
        if (closed) {
            return CompletableFuture.failedFuture(new RedisConnectionException("the limiter is closed"));
        }
        if (connection != null) {
            return CompletableFuture.completedFuture(null);
        }
        if (connecting == null) {
            // completes after connected() ran, so that whoever waits finds the connection in place
            connecting = client.connectAsync(StringCodec.UTF8, uri).toCompletableFuture()
                    .whenComplete((c, e) -> connected(c))
                    .thenApply(c -> null);
        }
        CompletableFuture<Void> attempt = connecting;
        if (attempt.isDone()) {
            connecting = null; // done already (connected() ran inline): the next call starts afresh if it failed
        }
        return attempt;
    }

    private void connected(StatefulRedisConnection<String, String> c) {
        boolean closeIt;
        synchronized (this) {
            connecting = null;
            closeIt = closed && c != null;
            if (c != null && !closed) {
                connection = c;
            }
        }
        if (closeIt) {
            c.closeAsync();
        }
    }

    @Override
    public void close() {
        StatefulRedisConnection<String, String> c;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            c = connection;
            connection = null;
        }
        try {
            if (ownsConnection && c != null) {
                c.close();
            }
        } finally {
            if (ownsClient) {
                client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
                try {
                    // waits until Lettuce's and Netty's threads are gone: a closed limiter leaves none behind
                    ownedResources.shutdown(0, 2, TimeUnit.SECONDS).get(3, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (Exception e) {
                    LOG.warn("closing the Redis client's threads did not finish cleanly", e);
                }
            }
        }
    }

    private static String describe(RedisURI uri) {
        return uri.getSocket() != null ? uri.getSocket() : uri.getHost() + ":" + uri.getPort();
    }

    @Override
    public String toString() {
        return "Redis at " + description;
    }
}
