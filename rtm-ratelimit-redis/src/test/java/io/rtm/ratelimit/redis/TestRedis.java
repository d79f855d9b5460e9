package io.rtm.ratelimit.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import redis.embedded.RedisServer;
import redis.embedded.core.ExecutableProvider;

/**
 * A real {@code redis-server} on a loopback port, no install step: the binary bundled in
 * {@code com.github.codemonstur:embedded-redis} (6.2 for Linux x86-64/arm64 and macOS), else a {@code redis-server}
 * found on the PATH. Stop and start it again on the same port to simulate an outage. Nothing is persisted.
 * Shared through this module's test-jar with the CLI's multi-process tests and the fleet benchmark.
 */
public final class TestRedis implements AutoCloseable {

    private final int port;
    private final RedisServer server;

    private TestRedis(int port) {
        this.port = port;
        try {
            this.server = RedisServer.newRedisServer()
                    .executableProvider(executable())
                    .port(port)
                    .bind("127.0.0.1")
                    .setting("save \"\"")
                    .setting("appendonly no")
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A started server on a free port. */
    public static TestRedis start() {
        TestRedis redis = new TestRedis(freePort());
        redis.startAgain();
        return redis;
    }

    /** A server on a free port that is not started yet ({@link #startAgain()} starts it). */
    public static TestRedis notStarted() {
        return new TestRedis(freePort());
    }

    public int port() {
        return port;
    }

    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** A Lettuce client of the test's own (the caller shuts it down). */
    public RedisClient client() {
        return RedisClient.create(RedisURI.create(uri()));
    }

    /** Starts the server (again) on its port; waits until it accepts connections. */
    public void startAgain() {
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the server process (its connections drop; its data and script cache are gone). */
    public void stop() {
        try {
            server.stop();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes every key (between tests sharing one server). */
    public void flushAll() {
        RedisClient client = client();
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            c.sync().flushall();
        } finally {
            client.shutdown();
        }
    }

    @Override
    public void close() {
        if (server.isActive()) {
            stop();
        }
    }

    private static synchronized ExecutableProvider executable() {
        if (executable == null) {
            executable = findExecutable();
        }
        java.io.File file = executable;
        return () -> file;
    }

    private static java.io.File executable; // guarded by TestRedis.class: extracted once per JVM

    private static java.io.File findExecutable() {
        // the bundled binary when there is one for this OS and CPU, else redis-server on the PATH
        try {
            return ExecutableProvider.newJarResourceProvider().get();
        } catch (IOException | RuntimeException bundledMissing) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
                Path candidate = Path.of(dir, "redis-server");
                if (Files.isExecutable(candidate)) {
                    return candidate.toFile();
                }
            }
            throw new IllegalStateException("no redis-server for this platform: neither bundled nor on the PATH", bundledMissing);
        }
    }

    private static int freePort() {
        // redis-server's "--port 0" disables TCP instead of choosing a port: choose one here
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
