package io.rtm.transport.httpclient;

import io.rtm.core.error.RtmTransportException;
import io.rtm.core.spi.HttpHeaders;
import io.rtm.core.spi.HttpRequest;
import io.rtm.core.spi.HttpResponse;
import io.rtm.core.spi.Transport;
import io.rtm.core.spi.TransportConfig;
import jakarta.inject.Inject;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedSelectorException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.ChainElement;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClientBuilder;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManager;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.ssl.HttpsSupport;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.message.BasicHttpRequest;
import org.apache.hc.core5.http.nio.AsyncEntityProducer;
import org.apache.hc.core5.http.nio.support.BasicRequestProducer;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.pool.PoolReusePolicy;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.reactor.IOReactorStatus;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default {@link Transport}: Apache HttpClient 5 async ({@link CloseableHttpAsyncClient}) over a
 * pooled, non-blocking I/O reactor, HTTP/1.1.
 *
 * <p>What it promises, beyond the {@link Transport} contract:
 * <ul>
 *   <li>The request's raw path and query are the request target on the wire, byte for byte (no dot-segment
 *       removal, no re-encoding); the fragment is never sent.</li>
 *   <li>The request's headers are sent as given (order, case, repeats). The transport adds only what HTTP/1.1
 *       needs: {@code Host}, {@code Content-Length} and {@code Connection}. A {@code Content-Length} or
 *       {@code Transfer-Encoding} header in the request is ignored: the transport frames the body itself.
 *       Nothing else is added: no {@code User-Agent}, {@code Accept-Encoding}, cookies, or
 *       {@code Content-Type} of its own.</li>
 *   <li>No redirects, no automatic retries, no authentication challenges, no content decoding: the
 *       SDK's pipeline owns those decisions.</li>
 *   <li>Response bodies larger than {@link Builder#maxResponseBytes(int)} (1 MiB by default) fail the call
 *       instead of exhausting memory; so do heads with a line over 16 KiB or more than 128 header lines.</li>
 *   <li>Timeouts: {@link TransportConfig#connectTimeout()} bounds TCP connect plus TLS handshake;
 *       {@link TransportConfig#responseTimeout()} bounds each wait for response bytes once the request is
 *       written (an inactivity timeout: a reply that keeps trickling bytes faster than that is bounded by
 *       cancelling the future, as the SDK's call deadline does) and also the wait for a free pooled connection.
 *       Timeouts fire within about a tenth of their value of it (the I/O reactor checks them that often), and
 *       their messages say how long the request had been running.</li>
 *   <li>Errors never carry the request's credentials: a cause that may quote the server's reply (a parse error
 *       quoting a line that echoes an {@code Authorization} header) keeps its class name but not its message.
 *       HttpClient's own DEBUG loggers {@code org.apache.hc.client5.http.headers} and {@code .wire} do print them
 *       (every request header, and whole requests and replies): HttpClient installs them whenever they are enabled,
 *       with no switch to turn them off, so a transport built while either is at DEBUG logs one WARN saying so.</li>
 *   <li>TLS always verifies the server's hostname (JSSE endpoint identification and HttpClient's own
 *       verifier); {@link TransportConfig#sslContext()} only changes what is trusted.</li>
 * </ul>
 *
 * <p>Threads: {@link Builder#ioThreads(int)} I/O dispatcher threads (1 by default) plus one idle
 * bookkeeping thread, all daemons named {@code rtm-httpclient-io-<n>-<m>}. Futures complete on an I/O
 * thread unless a {@link Builder#completionExecutor(Executor) completion executor} is given: code chained
 * onto them without an executor must not block.
 *
 * <p>Dependencies: httpclient5 and httpcore5 {@value HttpClientFloor#FLOOR} or later (tested with 5.2, 5.3, 5.4,
 * 5.5 and 5.6); options only newer versions have are used where present (see {@code HttpClientVersions}). Older
 * versions fail {@link #create}/{@link Builder#build()} with an {@link io.rtm.core.error.RtmConfigurationException}
 * naming both artifacts, never a {@code NoSuchMethodError} later.
 *
 * <p>Thread-safe. {@link #close()} is idempotent and releases every thread and connection.
 */
public final class HttpClientTransport implements Transport {

    private static final Logger LOG = LoggerFactory.getLogger(HttpClientTransport.class);
    /** HttpClient 5's loggers that print request headers (credentials included) and bodies in clear text at DEBUG. */
    static final List<String> CLEAR_TEXT_LOGGERS = List.of("org.apache.hc.client5.http.headers", "org.apache.hc.client5.http.wire");
    /** The longest response status or header line accepted; a longer one fails the call. */
    static final int MAX_HEAD_LINE_BYTES = 16 * 1024;
    /** The most response header lines accepted; more fail the call. */
    static final int MAX_HEADER_LINES = 128;

    private final TransportConfig config;
    private final int ioThreads;
    private final int maxResponseBytes;
    private final Duration closeGracePeriod;
    private final Executor completionExecutor;
    private final TransportThreadFactory threadFactory;
    private final CloseableHttpAsyncClient client;
    private final Set<Exchange> inFlight = ConcurrentHashMap.newKeySet();
    private final TargetCache targets = new TargetCache();
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * Creates a transport with the given options and the defaults for everything HttpClient-specific;
     * the constructor Guice and other JSR-330 containers use.
     *
     * @param config transport-neutral options (timeouts, pool sizes, proxy, TLS)
     */
    @Inject
    public HttpClientTransport(TransportConfig config) {
        this(builder().config(config));
    }

    private HttpClientTransport(Builder b) {
        HttpClientFloor.requireSupported();
        this.config = b.config;
        this.ioThreads = b.ioThreads;
        this.maxResponseBytes = b.maxResponseBytes;
        this.closeGracePeriod = b.closeGracePeriod;
        this.completionExecutor = b.completionExecutor;
        this.threadFactory = new TransportThreadFactory();
        this.client = buildClient(b);
        this.client.start();
        LOG.debug("Started {}", this);
        warnOfClearTextLoggers();
    }

    /** One WARN per transport built while HttpClient would print the credentials of its requests. */
    private static void warnOfClearTextLoggers() {
        for (String name : CLEAR_TEXT_LOGGERS) {
            if (LoggerFactory.getLogger(name).isDebugEnabled()) {
                LOG.warn("Logger {} is at DEBUG: Apache HttpClient prints every request there, the Authorization and "
                        + "x-ar-token credentials included, in clear text; keep {} and {} off outside local debugging",
                        name, CLEAR_TEXT_LOGGERS.get(0), CLEAR_TEXT_LOGGERS.get(1));
                return;
            }
        }
    }

    /** A transport with these options and the HttpClient-specific defaults. */
    public static HttpClientTransport create(TransportConfig config) {
        return new HttpClientTransport(config);
    }

    /** A builder starting from {@link TransportConfig#defaults()} and the HttpClient-specific defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Sends the request. Never throws and never blocks: failures complete the future with an
     * {@link io.rtm.core.error.RtmTransportException} or {@link io.rtm.core.error.RtmTimeoutException}.
     * Cancelling the future aborts the exchange and closes its connection.
     */
    @Override
    public CompletableFuture<HttpResponse> execute(HttpRequest request) {
        CompletableFuture<HttpResponse> future = new CompletableFuture<>();
        Exchange exchange;
        try {
            exchange = Exchange.of(request, future, targets);
        } catch (RuntimeException e) {
            future.completeExceptionally(new RtmTransportException(
                    "request not sent: " + e.getMessage(), e, false, 1));
            return future;
        }
        inFlight.add(exchange);
        if (closed.get()) {
            future.completeExceptionally(Failures.closed(exchange));
            inFlight.remove(exchange);
            return future;
        }
        try {
            HttpClientContext context = exchange.newContext();
            Future<HttpResponse> hcFuture = client.execute(
                    new BasicRequestProducer(toHttpCore(request, exchange), entityOf(request)),
                    new BoundedResponseConsumer(maxResponseBytes),
                    null,
                    context,
                    new Callback(exchange));
            exchange.exchangeStarted(hcFuture);
        } catch (RuntimeException e) {
            future.completeExceptionally(closed.get() ? Failures.closed(exchange) : Failures.map(e, exchange, config));
        }
        // One stage for the end, however it comes (response, failure, cancellation, close): registered once
        // HttpClient's future is linked, so a cancellation that came first is passed on at once.
        future.whenComplete((r, e) -> {
            inFlight.remove(exchange);
            exchange.ended();
        });
        return future;
    }

    /**
     * Stops the transport: new requests fail at once; running exchanges get a short grace period
     * ({@link Builder#closeGracePeriod(Duration)}) to finish; what is still in flight then fails with an
     * {@link RtmTransportException} and its connection is closed; finally the I/O reactor shuts down and
     * the call returns when its threads have ended. Idempotent; do not call it from a callback running on
     * this transport's I/O thread.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        LOG.debug("Closing {} with {} request(s) in flight", this, inFlight.size());
        awaitInFlight(closeGracePeriod);
        for (Exchange exchange : inFlight) {
            exchange.abort(Failures.closed(exchange));
        }
        // With no exchange left, a graceful shutdown only closes idle connections and returns at once;
        // a TCP connect still pending keeps it waiting (until its connect timeout), hence the bound.
        client.initiateShutdown();
        try {
            client.awaitShutdown(TimeValue.ofMilliseconds(500));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        client.close(client.getStatus() == IOReactorStatus.SHUT_DOWN ? CloseMode.GRACEFUL : CloseMode.IMMEDIATE);
        // A request that raced with close() may have slipped in after the first sweep: none stays pending.
        for (Exchange exchange : inFlight) {
            exchange.abort(Failures.closed(exchange));
        }
        threadFactory.awaitTermination(Duration.ofSeconds(2));
        LOG.debug("Closed {}", this);
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

    /** The prefix of this transport's thread names (for tests and diagnostics). */
    String threadNamePrefix() {
        return threadFactory.prefix();
    }

    @Override
    public String toString() {
        return "HttpClientTransport{" + config + ", ioThreads=" + ioThreads + ", maxResponseBytes=" + maxResponseBytes
                + ", threads=" + threadFactory.prefix() + '}';
    }

    // --- building the HttpClient ------------------------------------------------------------------------

    private CloseableHttpAsyncClient buildClient(Builder b) {
        Timeout connectTimeout = timeout(config.connectTimeout());
        Timeout responseTimeout = timeout(config.responseTimeout());
        Timeout maxIdle = timeout(b.maxIdleTime);

        ConnectionConfig.Builder connectionConfig = ConnectionConfig.custom()
                .setConnectTimeout(connectTimeout)
                // Between exchanges: an idle pooled connection closes itself after maxIdle.
                .setSocketTimeout(maxIdle)
                .setValidateAfterInactivity(TimeValue.ofSeconds(1));
        HttpClientVersions.setIdleTimeout(connectionConfig, maxIdle);

        PoolingAsyncClientConnectionManager connectionManager = PoolingAsyncClientConnectionManagerBuilder.create()
                .setMaxConnTotal(config.maxConnections())
                .setMaxConnPerRoute(config.maxConnectionsPerRoute())
                .setPoolConcurrencyPolicy(PoolConcurrencyPolicy.STRICT)
                .setConnPoolPolicy(PoolReusePolicy.LIFO)
                .setDefaultConnectionConfig(connectionConfig.build())
                .setDefaultTlsConfig(TlsConfig.custom()
                        .setVersionPolicy(HttpVersionPolicy.FORCE_HTTP_1)
                        .setHandshakeTimeout(connectTimeout)
                        .build())
                .setTlsStrategy(HttpClientVersions.tlsStrategy(sslContext(), HttpsSupport.getDefaultHostnameVerifier()))
                .build();

        RequestConfig.Builder requestConfig = RequestConfig.custom()
                .setResponseTimeout(responseTimeout)
                // Waiting for a pooled connection is bounded too; it counts as "could not connect".
                .setConnectionRequestTimeout(responseTimeout)
                .setRedirectsEnabled(false)
                .setAuthenticationEnabled(false)
                .setExpectContinueEnabled(false)
                .setContentCompressionEnabled(false)
                .setHardCancellationEnabled(true);
        HttpClientVersions.disableProtocolUpgrade(requestConfig);

        HttpAsyncClientBuilder builder = HttpAsyncClientBuilder.create()
                .setConnectionManager(connectionManager)
                .setIOReactorConfig(IOReactorConfig.custom()
                        .setIoThreadCount(b.ioThreads)
                        .setSelectInterval(selectInterval(config))
                        .setSoTimeout(maxIdle)
                        .setTcpNoDelay(true)
                        .build())
                // Heads are bounded whatever the HttpCore version (5.3 reads an endless header line whole).
                .setHttp1Config(Http1Config.custom()
                        .setMaxLineLength(MAX_HEAD_LINE_BYTES)
                        .setMaxHeaderCount(MAX_HEADER_LINES)
                        .build())
                .setThreadFactory(threadFactory)
                .setIoReactorExceptionCallback(this::onReactorException)
                .setDefaultRequestConfig(requestConfig.build())
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableConnectionState()
                // Keeps cancelling our future able to close the connection (see CancellableExecution).
                .addExecInterceptorBefore(ChainElement.MAIN_TRANSPORT.name(), CancellableExecution.NAME,
                        new CancellableExecution())
                // Runs last, right before the request head is written on an open connection.
                .addRequestInterceptorLast((request, entity, context) -> {
                    Exchange exchange = Exchange.from(context);
                    if (exchange != null) {
                        exchange.beforeWrite(request);
                    }
                });
        HttpClientVersions.disableContentCompression(builder);
        HttpClientVersions.disableRequestPriority(builder);
        config.proxy().ifPresent(proxy -> builder.setProxy(proxyHost(proxy)));
        return builder.build();
    }

    /**
     * Logs I/O reactor failures. Forcing a reactor down while it terminates on its own makes HttpCore
     * report a harmless ClosedSelectorException: expected during close(), so not an error then.
     */
    private void onReactorException(Exception ex) {
        if (closed.get() && ex instanceof ClosedSelectorException) {
            LOG.debug("I/O reactor stopped while terminating ({})", threadFactory.prefix());
        } else {
            LOG.error("I/O reactor failure in {}", threadFactory.prefix(), ex);
        }
    }

    private SSLContext sslContext() {
        if (config.sslContext().isPresent()) {
            return config.sslContext().get();
        }
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no default TLS context", e);
        }
    }

    private static HttpHost proxyHost(InetSocketAddress proxy) {
        return new HttpHost("http", proxy.getHostString(), proxy.getPort());
    }

    /**
     * How often the I/O reactor checks timeouts. HttpCore checks them only between two selects, which by default wait
     * up to 1 s: a 200 ms timeout then fired after up to 1.2 s. A tenth of the shortest timeout, between 10 ms and
     * 1 s, keeps them within 10 % (plus scheduling) at a cost of at most 100 idle wake-ups a second per I/O thread.
     */
    static TimeValue selectInterval(TransportConfig config) {
        long shortest = Math.min(config.connectTimeout().toMillis(), config.responseTimeout().toMillis());
        return TimeValue.ofMilliseconds(Math.max(10, Math.min(1_000, shortest / 10)));
    }

    private static Timeout timeout(Duration d) {
        return Timeout.ofMilliseconds(Math.max(1, d.toMillis()));
    }

    // --- converting requests ------------------------------------------------------------------------------

    /** The HttpCore request: target taken verbatim from the raw path and query, headers as given. */
    private static BasicHttpRequest toHttpCore(HttpRequest request, Exchange exchange) {
        BasicHttpRequest hc = new BasicHttpRequest(request.method(), exchange.target(), exchange.requestTarget());
        for (HttpHeaders.Header h : request.headers().asList()) {
            if (!isFramingHeader(h.name())) {
                hc.addHeader(h.name(), h.value());
            }
        }
        return hc;
    }

    /** Framing headers the transport computes itself; a request's own copies are dropped. */
    private static boolean isFramingHeader(String name) {
        return name.equalsIgnoreCase("Content-Length") || name.equalsIgnoreCase("Transfer-Encoding");
    }

    /** The body, or none; no content type of its own, so only the request's Content-Type header is sent. */
    private static AsyncEntityProducer entityOf(HttpRequest request) {
        if (request.bodyLength() == 0) {
            return null;
        }
        return new BodyProducer(request.bodyBuffer());
    }

    /** Completes the exchange's future from HttpClient's callback, mapping failures to typed errors. */
    private final class Callback implements FutureCallback<HttpResponse> {
        private final Exchange exchange;

        Callback(Exchange exchange) {
            this.exchange = exchange;
        }

        @Override
        public void completed(HttpResponse response) {
            complete(() -> exchange.future().complete(response));
        }

        @Override
        public void failed(Exception ex) {
            // During close() exchanges are aborted (completed) before the reactor stops, so a failure
            // reported here is the exchange's own.
            RuntimeException error = Failures.map(ex, exchange, config);
            complete(() -> exchange.future().completeExceptionally(error));
        }

        @Override
        public void cancelled() {
            // Our own cancel() already completed the future; anything else is a shutdown.
            complete(() -> exchange.future().completeExceptionally(Failures.closed(exchange)));
        }

        private void complete(Runnable completion) {
            if (completionExecutor == null) {
                completion.run();
                return;
            }
            try {
                completionExecutor.execute(completion);
            } catch (RejectedExecutionException e) {
                completion.run();
            }
        }
    }

    /**
     * Builds an {@link HttpClientTransport}. Not thread-safe. Every option has a default; only
     * {@link #config(TransportConfig)} is usually set.
     */
    public static final class Builder {
        private TransportConfig config = TransportConfig.defaults();
        private int ioThreads = 1;
        private int maxResponseBytes = 1 << 20;
        private Duration maxIdleTime = Duration.ofSeconds(30);
        private Duration closeGracePeriod = Duration.ofSeconds(1);
        private Executor completionExecutor;

        private Builder() {
        }

        /** The transport-neutral options (timeouts, pool sizes, proxy, TLS); default {@link TransportConfig#defaults()}. */
        public Builder config(TransportConfig config) {
            this.config = Objects.requireNonNull(config, "config");
            return this;
        }

        /** I/O dispatcher threads, 1 to 64; default 1 (one thread multiplexes every connection). */
        public Builder ioThreads(int ioThreads) {
            if (ioThreads < 1 || ioThreads > 64) {
                throw new IllegalArgumentException("ioThreads must be between 1 and 64: " + ioThreads);
            }
            this.ioThreads = ioThreads;
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

        /** How long a pooled connection may stay idle before it is closed and not reused; positive; default 30 s. */
        public Builder maxIdleTime(Duration maxIdleTime) {
            this.maxIdleTime = positive(maxIdleTime, "maxIdleTime");
            return this;
        }

        /** How long {@link HttpClientTransport#close()} lets running exchanges finish; positive; default 1 s. */
        public Builder closeGracePeriod(Duration closeGracePeriod) {
            this.closeGracePeriod = positive(closeGracePeriod, "closeGracePeriod");
            return this;
        }

        /**
         * Where futures are completed; default: directly on the I/O thread (cheapest; dependent stages must
         * not block). Give an executor when callers chain blocking work without their own executor. A
         * rejected hand-off completes on the I/O thread.
         */
        public Builder completionExecutor(Executor completionExecutor) {
            this.completionExecutor = Objects.requireNonNull(completionExecutor, "completionExecutor");
            return this;
        }

        /** Builds and starts the transport; the caller owns it and must {@link HttpClientTransport#close()} it. */
        public HttpClientTransport build() {
            return new HttpClientTransport(this);
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException(name + " must be positive: " + d);
            }
            return d;
        }
    }
}
