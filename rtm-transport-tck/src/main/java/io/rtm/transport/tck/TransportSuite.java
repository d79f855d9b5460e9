package io.rtm.transport.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.rtm.core.error.RtmException;
import io.rtm.core.spi.HttpRequest;
import io.rtm.core.spi.HttpResponse;
import io.rtm.core.spi.Transport;
import io.rtm.core.spi.TransportConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

/**
 * The base of every suite of the Transport Conformance Kit: what the kit asks of the transport under test
 * ({@link #createTransport(TransportConfig)} and the optional hooks below), the {@link LoopbackHttpServer} each
 * test gets (a raw-socket HTTP/1.1 server on 127.0.0.1, started when the test first uses it), and the transports
 * the test created, all closed after the test.
 *
 * <p>Extend a focused suite ({@link WireFidelitySuite}, {@link FailureSuite}, {@link TimeoutSuite},
 * {@link CancellationSuite}, {@link LifecycleSuite}, {@link HostileServerSuite}) to run that concern alone, or
 * {@link TransportConformanceSuite} to run all of them from one class. Every test is bounded (30 s at most, most
 * take milliseconds), so a broken transport fails rather than hangs.
 *
 * <p>Hooks declare documented limits: {@link #supportsHeaderCase()}, {@link #closeReleasesIdleConnections()};
 * {@link #threadNamePrefix(Transport)} enables the thread checks; {@link #maxResponseBytes()} tells the kit the
 * transport's body limit; {@link #knownDeviations()} skips, with their reason, tests the transport is known to fail.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
public abstract class TransportSuite {

    /** Header the kit puts on concurrent requests; the server echoes it to correlate responses. */
    static final String CORRELATION = "X-Tck-Id";
    static final long WAIT_SECONDS = 10;
    /** How long the kit waits for what a close or a cancellation must release: loose, for a loaded machine. */
    static final Duration CLOSE_BOUND = Duration.ofSeconds(5);
    /** Credentials put on the requests of the failure tests: no error, cause or message may contain them. */
    static final String SECRET = "YXBpX2tleTpzM2NyM3QtYXBpLXNlY3JldA";
    static final String TOKEN = "006tck-token-that-must-never-leak";

    private final List<Transport> transports = new ArrayList<>();
    private LoopbackHttpServer server;

    /** For subclasses. */
    protected TransportSuite() {
    }

    /**
     * Creates a new, started transport with these options. Called by each test that needs one (sometimes
     * more than once); the kit closes every transport it created after the test.
     *
     * @param config the options the test needs (timeouts are the ones it checks)
     * @return a transport the kit owns
     */
    protected abstract Transport createTransport(TransportConfig config);

    /**
     * The prefix of the names of the threads this transport instance owns, if it can say. When present,
     * the kit checks that such threads exist while the transport is in use and that none is alive shortly
     * after {@code close()}. Default: empty (the thread check is skipped).
     *
     * @param transport a transport made by {@link #createTransport(TransportConfig)}
     * @return the prefix shared by the names of all its threads, and by no other thread
     */
    protected Optional<String> threadNamePrefix(Transport transport) {
        TransportSuite outer = outer();
        return outer == null ? Optional.empty() : outer.threadNamePrefix(transport);
    }

    /**
     * Whether header names go on the wire in the case the request gave them. True for HTTP/1.1; a
     * transport speaking only HTTP/2 (which lowercases names) returns false. Default: true.
     *
     * @return whether {@link WireFidelitySuite#sendsHeaderNamesInTheCaseGiven()} applies
     */
    protected boolean supportsHeaderCase() {
        TransportSuite outer = outer();
        return outer == null || outer.supportsHeaderCase();
    }

    /**
     * Whether {@code close()} closes idle pooled connections itself. A transport whose HTTP library cannot
     * do that returns false and documents it. Default: true.
     *
     * @return whether {@link LifecycleSuite#closeClosesIdleConnections()} applies
     */
    protected boolean closeReleasesIdleConnections() {
        TransportSuite outer = outer();
        return outer == null || outer.closeReleasesIdleConnections();
    }

    /**
     * The largest response body, in bytes, that a transport made by {@link #createTransport(TransportConfig)}
     * accepts. {@link HostileServerSuite} expects a body of exactly this size back whole, and a typed failure for
     * anything larger; it must be between 1 KiB and 8 MiB. Default: 1 MiB (the default of both transports here).
     *
     * @return the transport's response body limit
     */
    protected int maxResponseBytes() {
        TransportSuite outer = outer();
        return outer == null ? 1 << 20 : outer.maxResponseBytes();
    }

    /**
     * The options most tests use: connect timeout 2 s, response timeout 10 s, the default pool sizes. The
     * timeout tests use their own, shorter values.
     *
     * @return the options passed to {@link #createTransport(TransportConfig)} when a test needs nothing special
     */
    protected TransportConfig defaultConfig() {
        TransportSuite outer = outer();
        return outer != null ? outer.defaultConfig() : TransportConfig.builder()
                .connectTimeout(Duration.ofSeconds(2))
                .responseTimeout(Duration.ofSeconds(10))
                .build();
    }

    /**
     * Tests this transport is known to fail, by test method name, each with the reason (a documented limit or
     * the bug filed against it). They are skipped, reason shown, instead of run: a way to keep a build green
     * while a deviation is fixed, never to hide one. Default: none.
     *
     * @return test method name to reason
     */
    protected Map<String, String> knownDeviations() {
        TransportSuite outer = outer();
        return outer == null ? Map.of() : outer.knownDeviations();
    }

    /**
     * The suite this one runs nested in, whose hooks it answers with; null when it runs on its own. Only
     * {@link TransportConformanceSuite}'s nested suites override it.
     */
    TransportSuite outer() {
        return null;
    }

    /**
     * How long a test waits for connections and threads that a close or a cancellation must release: {@link #CLOSE_BOUND}.
     * Not a hook for users: the kit's own self-test shortens it, since each of its deliberately broken transports waits
     * it out at least once.
     */
    Duration closeBound() {
        TransportSuite outer = outer();
        return outer == null ? CLOSE_BOUND : outer.closeBound();
    }

    @BeforeEach
    final void skipKnownDeviations(TestInfo test) {
        String method = test.getTestMethod().map(java.lang.reflect.Method::getName).orElse("");
        String reason = knownDeviations().get(method);
        assumeTrue(reason == null, () -> "known deviation of this transport: " + reason);
    }

    @AfterEach
    final void closeTransportsAndServer() {
        try {
            for (Transport t : transports) {
                t.close();
            }
        } finally {
            transports.clear();
            if (server != null) {
                server.close();
                server = null;
            }
        }
    }

    // --- helpers for the suites -------------------------------------------------------------------------------

    /** The test's loopback server, started on first use. */
    final LoopbackHttpServer server() {
        if (server == null) {
            server = LoopbackHttpServer.start();
        }
        return server;
    }

    /** A new transport with {@link #defaultConfig()}, closed after the test. */
    final Transport transport() {
        return transport(defaultConfig());
    }

    /** A new transport with these options, closed after the test. */
    final Transport transport(TransportConfig config) {
        Transport transport = createTransport(config);
        assertThat(transport).as("createTransport(config)").isNotNull();
        transports.add(transport);
        return transport;
    }

    /** {@link #defaultConfig()} with these timeouts. */
    final TransportConfig config(Duration connectTimeout, Duration responseTimeout) {
        return defaultConfig().toBuilder().connectTimeout(connectTimeout).responseTimeout(responseTimeout).build();
    }

    /** A request to the test's server. */
    final HttpRequest.Builder request(String method, String rawPathAndQuery) {
        return HttpRequest.builder().method(method).uri(server().uri(rawPathAndQuery));
    }

    /** A request carrying credentials, which no error may repeat. */
    final HttpRequest.Builder secretRequest(String method, String rawPathAndQuery) {
        return request(method, rawPathAndQuery).header("Authorization", "Basic " + SECRET).header("x-ar-token", TOKEN);
    }

    static HttpResponse send(Transport transport, HttpRequest.Builder request) {
        return await(executeWithoutThrowing(transport, request.build()));
    }

    static CompletableFuture<HttpResponse> executeWithoutThrowing(Transport transport, HttpRequest request) {
        CompletableFuture<HttpResponse> future;
        try {
            future = transport.execute(request);
        } catch (RuntimeException e) {
            throw new AssertionError("execute(" + request + ") threw instead of failing the future", e);
        }
        assertThat(future).as("execute(%s)", request).isNotNull();
        return future;
    }

    static HttpResponse await(CompletableFuture<HttpResponse> future) {
        try {
            return future.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("expected a response, the future failed with " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("no response within " + WAIT_SECONDS + " s");
        } catch (CancellationException e) {
            throw new AssertionError("the future was cancelled", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /**
     * The typed error the future failed with; fails the test when it completed normally, late, or untyped, or
     * when anything a logged stack trace of it would print (every message, cause and suppressed exception)
     * repeats the credentials of {@link #secretRequest}.
     */
    static RtmException failure(CompletableFuture<HttpResponse> future) {
        return failure(future, Duration.ofSeconds(WAIT_SECONDS));
    }

    /** {@link #failure(CompletableFuture)}, waiting at most {@code within} (for tests that assert a bound anyway). */
    static RtmException failure(CompletableFuture<HttpResponse> future, Duration within) {
        try {
            HttpResponse response = future.get(within.toMillis(), TimeUnit.MILLISECONDS);
            return fail("expected a typed failure, got " + response);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).as("the failure must be an RtmException").isInstanceOf(RtmException.class);
            assertNoCredentialsIn(e.getCause());
            return (RtmException) e.getCause();
        } catch (TimeoutException e) {
            return fail("the future was still pending after " + within.toMillis() + " ms");
        } catch (CancellationException e) {
            return fail("the future was cancelled instead of failing with a typed error");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted");
        }
    }

    /** Fails when the error's printed stack trace (messages of every cause and suppressed exception) has the credentials. */
    static void assertNoCredentialsIn(Throwable error) {
        StringWriter trace = new StringWriter();
        error.printStackTrace(new PrintWriter(trace));
        assertThat(trace.toString()).as("the stack trace of %s, as a log would print it", error.getClass().getName())
                .doesNotContain(SECRET).doesNotContain(TOKEN);
    }

    /** Fills the listener's accept queue; true when a further connect no longer completes (SYNs are dropped). */
    static boolean fillAcceptQueue(ServerSocket full, List<Socket> fillers) {
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), full.getLocalPort());
        for (int i = 0; i < 8; i++) {
            Socket s = new Socket();
            fillers.add(s);
            try {
                s.connect(address, 200);
            } catch (SocketTimeoutException e) {
                return true;
            } catch (IOException e) {
                return false;
            }
        }
        return false;
    }

    static List<String> liveThreads(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith(prefix))
                .map(Thread::getName)
                .sorted()
                .toList();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
