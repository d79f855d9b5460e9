package io.rtm.transport.jdk;

import io.rtm.core.error.RtmTransportException;
import io.rtm.core.spi.HttpHeaders;
import io.rtm.core.spi.HttpRequest;
import io.rtm.core.spi.HttpResponse;
import io.rtm.core.spi.Transport;
import io.rtm.core.spi.TransportConfig;
import jakarta.inject.Inject;
import java.lang.reflect.Method;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Transport} on the JDK's own {@link HttpClient} ({@code java.net.http}): no dependency beyond
 * rtm-core. HTTP/1.1, redirects never followed, no authenticator, no cookie handler.
 *
 * <p>What it promises, beyond the {@link Transport} contract:
 * <ul>
 *   <li>The request target is the URI's raw path and raw query, untouched (the JDK sends
 *       {@link URI#getRawPath()} and {@link URI#getRawQuery()}); the fragment is never sent. The JDK cannot
 *       send an empty query (a {@code ?} with nothing after it: it would drop the {@code ?}), so such a
 *       request fails at once, with nothing sent, rather than go out changed.</li>
 *   <li>Headers keep their values and repeats; a repeated name keeps its lines in order. The JDK groups
 *       lines by name (names in case-insensitive order, each in the case of its first occurrence), adds
 *       {@code Host}, {@code Content-Length} and, when the request has none, {@code User-Agent}
 *       ({@code Java-http-client/<version>}); it adds no {@code Content-Type}. It refuses to set
 *       {@code Host}, {@code Content-Length}, {@code Connection}, {@code Expect} and {@code Upgrade}, so those
 *       request headers are dropped, as is {@code Transfer-Encoding}: the JDK frames the body itself.</li>
 *   <li>Timeouts: {@link TransportConfig#connectTimeout()} bounds the TCP connect and TLS handshake;
 *       {@link TransportConfig#responseTimeout()} bounds twice: the JDK's request timeout runs from the start
 *       of the exchange to the response head, and this transport then gives the body as long again (the JDK
 *       would wait forever for a body that stalls). A connect that outlasts a response timeout shorter than the
 *       connect timeout is therefore reported as a {@code RESPONSE} timeout (conservatively: "may have reached
 *       the service").</li>
 *   <li>Response bodies larger than {@link Builder#maxResponseBytes(int)} (1 MiB by default) fail the call.</li>
 *   <li>Pool limits: the JDK client has no pool-size setting. {@link TransportConfig#maxConnections()} and
 *       {@link TransportConfig#maxConnectionsPerRoute()} are <em>not enforced</em>: with HTTP/1.1 it opens one
 *       connection per concurrent request and keeps idle ones for reuse. Bound concurrency upstream (the SDK's
 *       rate limiter) or use rtm-transport-httpclient when a hard connection cap matters.</li>
 *   <li>Proxy: {@link TransportConfig#proxy()} through {@link ProxySelector#of}; without one, no proxy (never
 *       the JVM-wide default {@link ProxySelector}). TLS:
 *       {@link TransportConfig#sslContext()} changes what is trusted; hostnames are always verified.</li>
 *   <li>Errors: a connect failure is an {@link RtmTransportException} that never reached the service; a
 *       connect timeout an {@link io.rtm.core.error.RtmTimeoutException} of kind {@code CONNECT}; a request
 *       timeout one of kind {@code RESPONSE}; any other I/O failure an {@link RtmTransportException} that may
 *       have reached the service (the JDK does not say whether the request was written).</li>
 * </ul>
 *
 * <p>Threads: unless {@link Builder#executor(Executor)} gives one, the client runs on this transport's own
 * fixed pool of 2 daemon threads named {@code rtm-jdk-http-<transport>-<n>} (the JDK's default executor
 * would start a thread per task). Futures complete on that executor: code chained onto them without an
 * executor of its own must not block. The JDK also runs one selector thread per client
 * ({@code HttpClient-<n>-SelectorManager}), which {@link #close()} ends.
 * On Java 17, where the common {@code ForkJoinPool} has parallelism 1 (machines with fewer than three cores),
 * {@code sendAsync} also hands every finished exchange to {@code CompletableFuture}'s default async executor,
 * which starts a short-lived thread per request; this transport completes responses before that hop and runs
 * nothing there, but the JDK still starts the thread ({@code -Djava.util.concurrent.ForkJoinPool.common.parallelism=2}
 * avoids it; Java 25 does not do it).
 *
 * <p>Thread-safe.
 */
public final class JdkHttpTransport implements Transport {

    private static final Logger LOG = LoggerFactory.getLogger(JdkHttpTransport.class);

    /** Every transport's own thread names start with this. */
    static final String THREAD_PREFIX = "rtm-jdk-http-";

    /** Headers the JDK refuses to set (restricted) or frames itself; a request's own copies are dropped. */
    static final Set<String> DROPPED_HEADERS =
            Set.of("host", "content-length", "connection", "expect", "upgrade", "transfer-encoding");

    private static final AtomicInteger TRANSPORTS = new AtomicInteger();
    /** {@code HttpClient.shutdownNow()} and {@code awaitTermination(Duration)}, public from Java 21; absent on Java 17. */
    private static final Method SHUTDOWN_NOW = method("shutdownNow");
    private static final Method AWAIT_TERMINATION = method("awaitTermination", Duration.class);

    private final TransportConfig config;
    private final int maxResponseBytes;
    private final Duration closeGracePeriod;
    private final String threadNamePrefix;
    private final ThreadPoolExecutor ownExecutor;
    /** Where failures are completed: the client's executor, running the task inline if it refuses it. */
    private final Executor completionExecutor;
    private final Set<Exchange> inFlight = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Dropped on close so that the JDK's selector thread can end once the client is unreachable. */
    private volatile HttpClient client;

    /**
     * Creates a transport with the given options and the defaults for everything JDK-specific; the
     * constructor Guice and other JSR-330 containers use.
     *
     * @param config transport-neutral options (timeouts, proxy, TLS; pool sizes are not enforced)
     */
    @Inject
    public JdkHttpTransport(TransportConfig config) {
        this(builder().config(config));
    }

    private JdkHttpTransport(Builder b) {
        this.config = b.config;
        this.maxResponseBytes = b.maxResponseBytes;
        this.closeGracePeriod = b.closeGracePeriod;
        this.threadNamePrefix = THREAD_PREFIX + TRANSPORTS.incrementAndGet() + "-";
        this.ownExecutor = b.executor == null ? newOwnExecutor(threadNamePrefix) : null;
        Executor executor = b.executor == null ? ownExecutor : b.executor;
        this.completionExecutor = task -> {
            try {
                executor.execute(task);
            } catch (RejectedExecutionException e) {
                task.run();
            }
        };
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(config.connectTimeout())
                .executor(executor);
        // Without a proxy in the config the JDK would use the JVM-wide default ProxySelector: say "none".
        builder.proxy(config.proxy().map(ProxySelector::of).orElse(HttpClient.Builder.NO_PROXY));
        config.sslContext().ifPresent(builder::sslContext);
        this.client = builder.build();
        LOG.debug("Started {}", this);
    }

    /** A transport with these options and the JDK-specific defaults. */
    public static JdkHttpTransport create(TransportConfig config) {
        return new JdkHttpTransport(config);
    }

    /** A builder starting from {@link TransportConfig#defaults()} and the JDK-specific defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Sends the request. Never throws and never blocks: failures complete the future with an
     * {@link RtmTransportException} or {@link io.rtm.core.error.RtmTimeoutException}. Cancelling the future
     * aborts the exchange and closes its connection.
     */
    @Override
    public CompletableFuture<HttpResponse> execute(HttpRequest request) {
        CompletableFuture<HttpResponse> future = new CompletableFuture<>();
        HttpClient c = client;
        if (c == null || closed.get()) {
            future.completeExceptionally(Failures.closed());
            return future;
        }
        Exchange exchange;
        java.net.http.HttpRequest jdkRequest;
        try {
            exchange = new Exchange(request, future);
            jdkRequest = toJdk(request);
        } catch (RuntimeException e) {
            future.completeExceptionally(RtmTransportException.connectFailed("request not sent: " + e.getMessage(), e));
            return future;
        }
        inFlight.add(exchange);
        future.whenComplete((r, e) -> inFlight.remove(exchange));
        if (closed.get()) {
            future.completeExceptionally(Failures.closed());
            return future;
        }
        try {
            exchange.started(c.sendAsync(jdkRequest, new BoundedBodyHandler(maxResponseBytes, config.responseTimeout(), exchange.future()::complete)),
                    completionExecutor, config);
        } catch (RuntimeException e) {
            future.completeExceptionally(Failures.map(e, exchange.describe(), config));
        }
        return future;
    }

    /**
     * Stops the transport: new requests fail at once; running exchanges get a short grace period
     * ({@link Builder#closeGracePeriod(Duration)}) to finish; what is still in flight then fails with an
     * {@link RtmTransportException} (which says it may have reached the service: the JDK does not tell
     * whether it was written) and is cancelled, which closes its connection. Then the transport's own
     * executor threads end (a given executor is left alone) and the client is dropped.
     *
     * <p>Idle pooled connections and the JDK's selector thread are released before it returns, on Java 17 too:
     * on Java 21 and later through {@code HttpClient.shutdownNow()}; on Java 17, which has no such method, by
     * interrupting the client's {@code HttpClient-<n>-SelectorManager} thread, which then closes its selector and
     * connections (see {@code shutdown}). 1,000 create/close cycles thus leave no thread or file descriptor
     * behind on either, without waiting for a garbage collection.
     *
     * <p>Idempotent; returns once the selector thread and the own executor's threads have ended (each bounded at
     * 2 s).
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        LOG.debug("Closing {} with {} request(s) in flight", this, inFlight.size());
        awaitInFlight(closeGracePeriod);
        for (Exchange exchange : inFlight) {
            exchange.abort(Failures.closedInFlight(exchange.describe()));
        }
        HttpClient c = client;
        client = null;
        shutdown(c, Duration.ofSeconds(2));
        if (ownExecutor != null) {
            ownExecutor.shutdown();
            try {
                if (!ownExecutor.awaitTermination(2, TimeUnit.SECONDS)) {
                    ownExecutor.shutdownNow();
                }
            } catch (InterruptedException e) {
                ownExecutor.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
        // A request that raced with close() may have slipped in after the sweep: none stays pending.
        for (Exchange exchange : inFlight) {
            exchange.abort(Failures.closedInFlight(exchange.describe()));
        }
        LOG.debug("Closed {}", this);
    }

    /** The prefix of the names of this transport's own executor threads (for tests and diagnostics). */
    String threadNamePrefix() {
        return threadNamePrefix;
    }

    @Override
    public String toString() {
        return "JdkHttpTransport{" + config + ", maxResponseBytes=" + maxResponseBytes
                + ", threads=" + (ownExecutor != null ? threadNamePrefix : "given executor") + '}';
    }

    private void awaitInFlight(Duration grace) {
        CompletableFuture<?>[] running = inFlight.stream().map(Exchange::future).toArray(CompletableFuture[]::new);
        if (running.length == 0) {
            return;
        }
        try {
            CompletableFuture.allOf(running).get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // failures are the callers' business; on timeout the rest is aborted
        }
    }

    private java.net.http.HttpRequest toJdk(HttpRequest request) {
        java.net.http.HttpRequest.Builder b = java.net.http.HttpRequest.newBuilder(wireUri(request.uri()))
                .version(HttpClient.Version.HTTP_1_1)
                .timeout(config.responseTimeout())
                .expectContinue(false)
                .method(request.method(), request.bodyLength() == 0
                        ? java.net.http.HttpRequest.BodyPublishers.noBody()
                        : java.net.http.HttpRequest.BodyPublishers.ofByteArray(request.body()));
        for (HttpHeaders.Header h : request.headers().asList()) {
            if (DROPPED_HEADERS.contains(h.name().toLowerCase(Locale.ROOT))) {
                continue;
            }
            try {
                b.header(h.name(), h.value());
            } catch (IllegalArgumentException e) {
                // The JDK's message quotes the value, which may be a credential: name the header only, no cause.
                throw new IllegalArgumentException("java.net.http refuses the header " + h.name()
                        + ": its name or value has characters HTTP does not allow");
            }
        }
        return b.build();
    }

    /**
     * The URI the JDK is given: the request's own, without its fragment (never sent). Refuses what the JDK
     * would change on the wire: an empty query.
     */
    static URI wireUri(URI uri) {
        if (uri.getRawQuery() != null && uri.getRawQuery().isEmpty()) {
            throw new IllegalArgumentException("java.net.http cannot send an empty query (a '?' with nothing after it)");
        }
        String fragment = uri.getRawFragment();
        if (fragment == null) {
            return uri;
        }
        String s = uri.toString();
        return URI.create(s.substring(0, s.length() - fragment.length() - 1));
    }

    /**
     * Ends the client's selector thread and closes its connections now, waiting for that up to {@code bound}.
     *
     * <p>Java 21 and later: {@code shutdownNow()}, then {@code awaitTermination}. Java 17's {@code HttpClient} has
     * neither; left alone, its {@code HttpClient-<id>-SelectorManager} thread, its selector (two file descriptors)
     * and its idle connections stay until the dropped client is garbage collected. That thread's loop ends when it
     * is interrupted, closing its selector and every connection on the way out, so it is found by the name the JDK
     * gives it (the id is the one {@code HttpClient.toString()} ends with, as the JDK's own tests rely on) and
     * interrupted. Should a JDK name it otherwise, the old behaviour remains: it ends after the next GC.
     */
    private static void shutdown(HttpClient client, Duration bound) {
        if (client == null) {
            return;
        }
        if (SHUTDOWN_NOW != null && AWAIT_TERMINATION != null) {
            try {
                SHUTDOWN_NOW.invoke(client);
                AWAIT_TERMINATION.invoke(client, bound);
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.debug("HttpClient.shutdownNow() failed", e);
            }
            return;
        }
        Thread selector = selectorThreadOf(client);
        if (selector == null) {
            LOG.debug("No selector thread found for {}: it ends once the client is garbage collected", client);
            return;
        }
        selector.interrupt();
        try {
            selector.join(bound.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The live {@code HttpClient-<id>-SelectorManager} thread of this client, or null. */
    static Thread selectorThreadOf(HttpClient client) {
        String description = client.toString();
        int open = description.lastIndexOf('(');
        if (open < 0 || !description.endsWith(")")) {
            return null;
        }
        String name = "HttpClient-" + description.substring(open + 1, description.length() - 1) + "-SelectorManager";
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() + 64];
        int n = root.enumerate(threads, true);
        for (int i = 0; i < n; i++) {
            if (threads[i].getName().equals(name) && threads[i].isAlive()) {
                return threads[i];
            }
        }
        return null;
    }

    private static Method method(String name, Class<?>... parameters) {
        try {
            return HttpClient.class.getMethod(name, parameters);
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    private static ThreadPoolExecutor newOwnExecutor(String prefix) {
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(2, 2, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, prefix + count.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                },
                // After close() the JDK may still hand over clean-up work (closing aborted connections):
                // run it on the submitting JDK thread rather than lose it.
                (task, pool) -> task.run());
        return executor;
    }

    /** One request's future and the JDK's, linked so that cancelling or aborting ours cancels the JDK's. */
    private static final class Exchange {
        private final String describe;
        private final CompletableFuture<HttpResponse> future;
        private volatile CompletableFuture<?> jdkFuture;

        Exchange(HttpRequest request, CompletableFuture<HttpResponse> future) {
            this.describe = Failures.describe(request.method(), request.uri());
            this.future = future;
        }

        /**
         * Links the JDK's future. A response completes ours from the body handler; a failure arrives only
         * through the JDK's future, which completes on {@code CompletableFuture}'s default async executor: hop
         * to ours so that callers' stages never run there.
         */
        void started(CompletableFuture<java.net.http.HttpResponse<byte[]>> jdk, Executor completionExecutor,
                     TransportConfig config) {
            this.jdkFuture = jdk;
            jdk.whenCompleteAsync((response, error) -> {
                if (error != null) {
                    future.completeExceptionally(Failures.map(error, describe, config));
                } else if (!future.isDone()) {
                    // The body handler is completing ours right now (it finishes the JDK's exchange first).
                    future.complete(HttpResponse.of(response.statusCode(), BoundedBodyHandler.headersOf(response.headers()),
                            response.body()));
                }
            }, completionExecutor);
            future.whenComplete((r, e) -> {
                if (future.isCancelled()) {
                    jdk.cancel(true);
                }
            });
        }

        void abort(RuntimeException error) {
            future.completeExceptionally(error);
            CompletableFuture<?> jdk = jdkFuture;
            if (jdk != null) {
                jdk.cancel(true);
            }
        }

        String describe() {
            return describe;
        }

        CompletableFuture<HttpResponse> future() {
            return future;
        }
    }

    /**
     * Builds a {@link JdkHttpTransport}. Not thread-safe. Every option has a default; only
     * {@link #config(TransportConfig)} is usually set.
     */
    public static final class Builder {
        private TransportConfig config = TransportConfig.defaults();
        private Executor executor;
        private int maxResponseBytes = 1 << 20;
        private Duration closeGracePeriod = Duration.ofSeconds(1);

        private Builder() {
        }

        /** The transport-neutral options (timeouts, proxy, TLS); default {@link TransportConfig#defaults()}. */
        public Builder config(TransportConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /**
         * The executor the JDK client runs its work and completes futures on. The caller owns it: close()
         * leaves it running. Default: the transport's own fixed pool of 2 daemon threads, shut down by close().
         */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /** Largest response body accepted, in bytes, at least 1; default 1 MiB. Larger bodies fail the call. */
        public Builder maxResponseBytes(int maxResponseBytes) {
            if (maxResponseBytes < 1) {
                throw new IllegalArgumentException("maxResponseBytes must be >= 1: " + maxResponseBytes);
            }
            this.maxResponseBytes = maxResponseBytes;
            return this;
        }

        /** How long {@link JdkHttpTransport#close()} lets running exchanges finish; positive; default 1 s. */
        public Builder closeGracePeriod(Duration closeGracePeriod) {
            Objects.requireNonNull(closeGracePeriod, "closeGracePeriod");
            if (closeGracePeriod.isZero() || closeGracePeriod.isNegative()) {
                throw new IllegalArgumentException("closeGracePeriod must be positive: " + closeGracePeriod);
            }
            this.closeGracePeriod = closeGracePeriod;
            return this;
        }

        /** Builds the transport; the caller owns it and must {@link JdkHttpTransport#close()} it. */
        public JdkHttpTransport build() {
            return new JdkHttpTransport(this);
        }
    }
}
