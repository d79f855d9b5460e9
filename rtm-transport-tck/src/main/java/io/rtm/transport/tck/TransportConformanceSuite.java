package io.rtm.transport.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.rtm.core.error.RtmException;
import io.rtm.core.error.RtmTimeoutException;
import io.rtm.core.error.RtmTransportException;
import io.rtm.core.spi.HttpRequest;
import io.rtm.core.spi.HttpResponse;
import io.rtm.core.spi.Transport;
import io.rtm.core.spi.TransportConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Transport Conformance Kit: every {@link Transport} must pass these tests. Extend it in your transport's
 * test sources and implement {@link #createTransport(TransportConfig)}:
 *
 * <pre>{@code
 * class MyTransportConformanceTest extends TransportConformanceSuite {
 *     protected Transport createTransport(TransportConfig config) {
 *         return MyTransport.create(config);
 *     }
 * }
 * }</pre>
 *
 * <p>Each test starts a fresh {@link LoopbackHttpServer} (a raw-socket HTTP/1.1 server on 127.0.0.1) and
 * creates the transports it needs; both are closed after the test. The tests check the {@link Transport}
 * contract on the wire: methods; the request target sent exactly as the URI's raw path and query; headers sent
 * with their values, repeats and (where the protocol keeps it) case, and no {@code Content-Type} added;
 * binary-safe bodies; every status returned as a response (redirects not followed, nothing retried); typed
 * failures that say truthfully whether the request may have reached the service; {@code execute} never
 * throwing; cancellation aborting the exchange; 200 concurrent requests each getting their own response; and
 * {@code close()} being idempotent, failing requests in flight and releasing connections and threads.
 *
 * <p>Optional hooks: {@link #threadNamePrefix(Transport)} enables the thread-release check,
 * {@link #supportsHeaderCase()} and {@link #closeReleasesIdleConnections()} declare documented limits, and
 * {@link #knownDeviations()} skips, with their reason, tests the transport is known to fail.
 * Every test is bounded (30 s at most, most take milliseconds), so a broken transport fails rather than hangs.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
public abstract class TransportConformanceSuite {

    /** Header the kit puts on concurrent requests; the server echoes it to correlate responses. */
    private static final String CORRELATION = "X-Tck-Id";
    private static final long WAIT_SECONDS = 10;
    private static final Duration CLOSE_BOUND = Duration.ofSeconds(5);
    /** Credentials put on the requests of the failure tests: no error, cause or message may contain them. */
    private static final String SECRET = "YXBpX2tleTpzM2NyM3QtYXBpLXNlY3JldA";
    private static final String TOKEN = "006tck-token-that-must-never-leak";

    private final List<Transport> transports = new ArrayList<>();
    private LoopbackHttpServer server;

    /** For subclasses. */
    protected TransportConformanceSuite() {
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
        return Optional.empty();
    }

    /**
     * Whether header names go on the wire in the case the request gave them. True for HTTP/1.1; a
     * transport speaking only HTTP/2 (which lowercases names) returns false. Default: true.
     *
     * @return whether {@link #sendsHeaderNamesInTheCaseGiven()} applies
     */
    protected boolean supportsHeaderCase() {
        return true;
    }

    /**
     * Whether {@code close()} closes idle pooled connections itself. A transport whose HTTP library cannot
     * do that (the JDK's {@code HttpClient} before Java 21 closes them only once it is garbage collected)
     * returns false and documents it. Default: true.
     *
     * @return whether {@link #closeClosesIdleConnections()} applies
     */
    protected boolean closeReleasesIdleConnections() {
        return true;
    }

    /**
     * The options most tests use: connect timeout 2 s, response timeout 10 s, the default pool sizes. The
     * timeout tests use their own, shorter values.
     *
     * @return the options passed to {@link #createTransport(TransportConfig)} when a test needs nothing special
     */
    protected TransportConfig defaultConfig() {
        return TransportConfig.builder()
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
        return Map.of();
    }

    @BeforeEach
    final void skipKnownDeviations(TestInfo test) {
        String method = test.getTestMethod().map(java.lang.reflect.Method::getName).orElse("");
        String reason = knownDeviations().get(method);
        assumeTrue(reason == null, () -> "known deviation of this transport: " + reason);
    }

    @BeforeEach
    final void startServer() {
        server = LoopbackHttpServer.start();
    }

    @AfterEach
    final void closeTransportsAndServer() {
        try {
            for (Transport t : transports) {
                t.close();
            }
        } finally {
            transports.clear();
            server.close();
        }
    }

    // --- methods and request target ---------------------------------------------------------------------

    /** POST and PUT carry their body; the request line names the method exactly. */
    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT"})
    void sendsMethodsWithABody(String method) {
        byte[] body = "{\"payload\":\"hi\"}".getBytes(StandardCharsets.UTF_8);

        HttpResponse response = send(transport(), request(method, "/m").header("Content-Type", "application/json").body(body));

        assertThat(response.status()).isEqualTo(200);
        RecordedRequest received = server.takeRequest();
        assertThat(received.requestLine()).isEqualTo(method + " /m HTTP/1.1");
        assertThat(received.body()).isEqualTo(body);
    }

    /** GET and DELETE without a body send none. */
    @ParameterizedTest
    @ValueSource(strings = {"GET", "DELETE"})
    void sendsMethodsWithoutABody(String method) {
        HttpResponse response = send(transport(), request(method, "/m"));

        assertThat(response.status()).isEqualTo(200);
        RecordedRequest received = server.takeRequest();
        assertThat(received.requestLine()).isEqualTo(method + " /m HTTP/1.1");
        assertThat(received.bodyLength()).isZero();
        assertThat(received.values("Transfer-Encoding")).isEmpty();
    }

    /**
     * The URI's raw path and query are the request target, byte for byte: no dot-segment removal, no
     * decoding, no re-encoding, no case change of percent escapes, {@code +} and {@code %2B} kept apart.
     */
    @ParameterizedTest
    @ValueSource(strings = {
            "/dev/v2/project/app/rtm/users/%2E%2E/peer_messages",
            "/dev/v2/project/app/rtm/users/../peer_messages",
            "/dev/v2/project/app/rtm/users/./x/peer_messages",
            "/dev/v2/project/app/rtm/users/%2e/peer_messages",
            "/dev/v2/project/app/rtm/users/a%20b/peer_messages",
            "/dev/v2/project/app/rtm/users/x%2By/peer_messages",
            "/dev/v2/project/app/rtm/users/x+y/peer_messages",
            "/dev/v2/project/app/rtm/users/100%25/peer_messages",
            "/dev/v2/project/app/rtm/users/%2525/peer_messages",
            "/dev/v2/project/app/rtm/users/%21%23%24%25%26%28%29%2B-%3A%3B%3C%3D.%3E%3F%40%5B%5D%5E_%7B%7D%7C~%2C%27/peer_messages",
            "/dev/v2/project/app/rtm/users/!$&()+-:;=.@_~,'/peer_messages",
            "/dev/v2/project/app/rtm/users/%7e%2f%2F/peer_messages",
            "/dev/v2/project/app/rtm/users/%C3%A9/peer_messages",
            "/dev/v2/project/app/rtm/users/u1/peer_messages?wait_for_ack=true",
            "/dev/v2/project/app/rtm/users/a%20b/peer_messages?wait_for_ack=false",
            "/x//y?a=%20&b=+&c=%2B&d&e=%25&f=a%2Fb",
    })
    void sendsTheRawPathAndQueryUnchanged(String rawPathAndQuery) {
        send(transport(), request("POST", rawPathAndQuery).header("Content-Type", "application/json;charset=utf-8")
                .body("{}".getBytes(StandardCharsets.UTF_8)));

        assertThat(server.takeRequest().requestLine()).isEqualTo("POST " + rawPathAndQuery + " HTTP/1.1");
    }

    /**
     * An empty query ({@code ?} with nothing after it) is sent as it is, or, by a transport whose HTTP library
     * cannot send it, refused: a failed future saying nothing reached the service, and nothing sent. It is
     * never sent changed.
     */
    @Test
    void sendsAnEmptyQueryAsItIsOrRefusesIt() {
        CompletableFuture<HttpResponse> future = executeWithoutThrowing(transport(), request("POST", "/q?").build());

        try {
            future.get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(server.takeRequest().target()).isEqualTo("/q?");
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(RtmTransportException.class);
            assertThat(((RtmTransportException) e.getCause()).mayHaveReachedService()).isFalse();
            assertThat(server.requestCount()).isZero();
        } catch (InterruptedException | TimeoutException e) {
            fail("no outcome within " + WAIT_SECONDS + " s", e);
        }
    }

    /** An empty path is sent as {@code /}; a fragment is never sent. */
    @Test
    void sendsSlashForAnEmptyPathAndNeverTheFragment() {
        send(transport(), HttpRequest.builder().uri(server.uri("")));
        assertThat(server.takeRequest().target()).isEqualTo("/");

        send(transport(), HttpRequest.builder().uri(server.uri("/a%23b?q=1#frag")));
        assertThat(server.takeRequest().target()).isEqualTo("/a%23b?q=1");
    }

    // --- headers ------------------------------------------------------------------------------------------

    /**
     * Every header goes out with its value unchanged; a repeated name keeps all its lines in order;
     * {@code Content-Type} appears exactly once; {@code Host} names the URI's authority exactly once.
     */
    @Test
    void sendsEveryHeaderWithItsValuesAndRepeats() {
        HttpRequest.Builder request = request("POST", "/headers")
                .header("Content-Type", "application/json;charset=utf-8")
                .header("Authorization", "Basic YXBpX2tleTphcGlfc2VjcmV0")
                .header("x-ar-uid", "user 1")
                .header("X-Repeat", "first")
                .header("X-Repeat", "second, with a comma")
                .header("X-Repeat", "third")
                .header("Accept", "application/json")
                .header("X-Quoted", "a=\"b c\"; d=e")
                .body("{\"payload\":\"hi\"}".getBytes(StandardCharsets.UTF_8));

        send(transport(), request);

        RecordedRequest received = server.takeRequest();
        assertThat(received.values("Content-Type")).containsExactly("application/json;charset=utf-8");
        assertThat(received.values("Authorization")).containsExactly("Basic YXBpX2tleTphcGlfc2VjcmV0");
        assertThat(received.values("x-ar-uid")).containsExactly("user 1");
        assertThat(received.values("X-Repeat")).containsExactly("first", "second, with a comma", "third");
        assertThat(received.values("Accept")).containsExactly("application/json");
        assertThat(received.values("X-Quoted")).containsExactly("a=\"b c\"; d=e");
        assertThat(received.values("Host")).containsExactly("127.0.0.1:" + server.port());
    }

    /** Header names keep the case the request gave them (HTTP/1.1 preserves it on the wire). */
    @Test
    void sendsHeaderNamesInTheCaseGiven() {
        assumeTrue(supportsHeaderCase(), "this transport documents that it does not keep header case");

        send(transport(), request("GET", "/case")
                .header("x-ar-uid", "u1").header("X-Ar-Token", "t").header("x-MiXeD-CaSe", "m").header("ACCEPT", "*/*"));

        assertThat(server.takeRequest().headerNames()).contains("x-ar-uid", "X-Ar-Token", "x-MiXeD-CaSe", "ACCEPT");
    }

    /** A body without a {@code Content-Type} goes out without one: the transport adds none of its own. */
    @Test
    void addsNoContentTypeOfItsOwn() {
        send(transport(), request("POST", "/raw").body(new byte[] {1, 2, 3}));

        RecordedRequest received = server.takeRequest();
        assertThat(received.values("Content-Type")).isEmpty();
        assertThat(received.body()).containsExactly(1, 2, 3);
    }

    /**
     * Framing is the transport's job: a {@code Content-Length} or {@code Transfer-Encoding} header in the
     * request never corrupts the message; the body arrives exactly, framed one way only.
     */
    @Test
    void framingHeadersInTheRequestNeverCorruptTheBody() {
        send(transport(), request("POST", "/len").header("Content-Length", "999").header("Transfer-Encoding", "chunked")
                .body(new byte[] {42, 43}));

        RecordedRequest received = server.takeRequest();
        assertThat(received.body()).containsExactly(42, 43);
        assertThat(received.values("Content-Length").size() + received.values("Transfer-Encoding").size()).isEqualTo(1);
        if (!received.values("Content-Length").isEmpty()) {
            assertThat(received.values("Content-Length")).containsExactly("2");
        }
    }

    // --- bodies -------------------------------------------------------------------------------------------

    /** Every byte value goes out unchanged (no charset conversion, no line-ending translation). */
    @Test
    void sendsAll256ByteValuesUnchanged() {
        byte[] body = new byte[512];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) i;
        }

        send(transport(), request("POST", "/bin").body(body));

        assertThat(server.takeRequest().body()).isEqualTo(body);
    }

    /** A 1 MiB body goes out whole and unchanged. */
    @Test
    void sendsAOneMebibyteBodyUnchanged() {
        byte[] body = new byte[1 << 20];
        new Random(42).nextBytes(body);

        send(transport(), request("POST", "/big").body(body));

        assertThat(server.takeRequest().body()).isEqualTo(body);
    }

    /** A POST without a body is a complete message with an empty body. */
    @Test
    void sendsAnEmptyBodyAsAnEmptyBody() {
        HttpResponse response = send(transport(), request("POST", "/empty"));

        assertThat(response.status()).isEqualTo(200);
        RecordedRequest received = server.takeRequest();
        assertThat(received.bodyLength()).isZero();
        assertThat(received.values("Content-Length")).isSubsetOf("0");
    }

    // --- responses ----------------------------------------------------------------------------------------

    /**
     * Every status is a normal response carrying all its headers (repeated ones in order) and its body: a
     * redirect is not followed, a 401 is not answered, a 408 or 5xx is not retried.
     */
    @ParameterizedTest
    @ValueSource(ints = {200, 204, 301, 400, 401, 408, 429, 500, 503})
    void returnsEveryStatusAsAResponseWithItsHeadersAndBody(int status) {
        byte[] body = status == 204 ? new byte[0]
                : ("{\"result\":\"failed\",\"code\":\"c" + status + "\",\"request_id\":\"r-" + status + "\"}").getBytes(StandardCharsets.UTF_8);
        List<String> headers = List.of("Content-Type: application/json", "Set-Cookie: a=1; Path=/", "X-Request-Id: r-" + status,
                "Set-Cookie: b=2; Path=/", "Retry-After: 7", "Location: /elsewhere", "WWW-Authenticate: Basic realm=\"rtm\"");
        server.handler((request, exchange) -> {
            if (request.target().equals("/status")) {
                exchange.respond(status, headers, body);
            } else {
                exchange.respond(200, List.of(), "followed".getBytes(StandardCharsets.UTF_8));
            }
        });

        HttpResponse response = send(transport(), request("POST", "/status").body("{}".getBytes(StandardCharsets.UTF_8)));

        assertThat(response.status()).isEqualTo(status);
        assertThat(response.headers().allValues("set-cookie")).containsExactly("a=1; Path=/", "b=2; Path=/");
        assertThat(response.headers().allValues("x-request-id")).containsExactly("r-" + status);
        assertThat(response.headers().allValues("Retry-After")).containsExactly("7");
        assertThat(response.headers().allValues("Location")).containsExactly("/elsewhere");
        assertThat(response.body()).isEqualTo(body);
        assertThat(server.requestCount()).as("requests the server received").isEqualTo(1);
    }

    /** Response bodies come back byte for byte: all 256 byte values, and 256 KiB of random bytes. */
    @Test
    void returnsResponseBodiesUnchanged() {
        byte[] small = new byte[256];
        for (int i = 0; i < small.length; i++) {
            small[i] = (byte) i;
        }
        byte[] large = new byte[256 * 1024];
        new Random(7).nextBytes(large);
        server.handler((request, exchange) ->
                exchange.respond(200, List.of("Content-Type: application/octet-stream"), request.target().equals("/small") ? small : large));

        assertThat(send(transport(), request("GET", "/small")).body()).isEqualTo(small);
        assertThat(send(transport(), request("GET", "/large")).body()).isEqualTo(large);
    }

    /** A response framed by closing the connection (no length, no chunking) is read to its end. */
    @Test
    void readsAResponseDelimitedByConnectionClose() {
        server.handler((request, exchange) -> {
            exchange.write("HTTP/1.1 200 OK\r\nConnection: close\r\nX-End: close\r\n\r\nuntil-the-end");
            exchange.close();
        });

        HttpResponse response = send(transport(), request("GET", "/eof"));

        assertThat(response.bodyAsString()).isEqualTo("until-the-end");
        assertThat(response.headers().allValues("X-End")).containsExactly("close");
    }

    /** A slow server (head after 300 ms, chunked body in 5 pieces 50 ms apart) within the timeouts is waited for. */
    @Test
    void waitsForASlowResponseInManyPieces() {
        String body = "{\"result\":\"success\",\"code\":\"message_sent\",\"request_id\":\"slow-1\"}";
        server.handler(LoopbackHttpServer.slowly(Duration.ofMillis(300), 200, List.of("Content-Type: application/json"),
                body.getBytes(StandardCharsets.UTF_8), 5, Duration.ofMillis(50)));

        HttpResponse response = send(transport(config(Duration.ofSeconds(2), Duration.ofSeconds(3))), request("POST", "/slow"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.bodyAsString()).isEqualTo(body);
    }

    // --- failures -----------------------------------------------------------------------------------------

    /** Nothing listening: an {@link RtmTransportException} saying the request never reached the service. */
    @Test
    void connectionRefusedIsATransportFailureThatNeverReachedTheService() throws IOException {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }

        RtmException error = failure(transport().execute(
                secretRequest("POST", "/x").uri(URI.create("http://127.0.0.1:" + port + "/refused")).build()));

        assertThat(error).isExactlyInstanceOf(RtmTransportException.class);
        assertThat(((RtmTransportException) error).mayHaveReachedService()).isFalse();
        assertThat(error.httpStatus()).isZero();
    }

    /** A listener that never completes the TCP handshake: an {@link RtmTimeoutException} of kind CONNECT. */
    @Test
    void connectTimeoutIsAConnectTimeoutThatNeverReachedTheService() throws IOException {
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> fillers = new ArrayList<>();
            try {
                assumeTrue(fillAcceptQueue(full, fillers), "this OS does not leave SYNs to a full accept queue unanswered");

                RtmException error = failure(transport(config(Duration.ofMillis(300), Duration.ofSeconds(5))).execute(
                        secretRequest("POST", "/x").uri(URI.create("http://127.0.0.1:" + full.getLocalPort() + "/hang")).build()));

                assertThat(error).isExactlyInstanceOf(RtmTimeoutException.class);
                assertThat(((RtmTimeoutException) error).kind()).isEqualTo(RtmTimeoutException.Kind.CONNECT);
                assertThat(((RtmTimeoutException) error).mayHaveReachedService()).isFalse();
            } finally {
                for (Socket s : fillers) {
                    s.close();
                }
            }
        }
    }

    /** The server reads the request and stays silent: an {@link RtmTimeoutException} of kind RESPONSE, sent once. */
    @Test
    void silentServerIsAResponseTimeout() {
        server.handler(LoopbackHttpServer.silent());

        RtmException error = failure(transport(config(Duration.ofSeconds(2), Duration.ofMillis(300)))
                .execute(secretRequest("POST", "/silent").body("{}".getBytes(StandardCharsets.UTF_8)).build()));

        assertThat(error).isExactlyInstanceOf(RtmTimeoutException.class);
        assertThat(((RtmTimeoutException) error).kind()).isEqualTo(RtmTimeoutException.Kind.RESPONSE);
        assertThat(((RtmTimeoutException) error).mayHaveReachedService()).isTrue();
        assertThat(server.takeRequest().target()).isEqualTo("/silent");
        assertThat(server.requestCount()).as("requests the server received").isEqualTo(1);
    }

    /**
     * The server sends the head and part of the body, then stays silent: an {@link RtmTimeoutException} of kind
     * RESPONSE (every wait is bounded, the body's too), and the stalled connection is closed.
     */
    @Test
    void bodyStallingAfterTheHeadIsAResponseTimeout() {
        server.handler((request, exchange) -> exchange.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly-part"));

        RtmException error = failure(transport(config(Duration.ofSeconds(2), Duration.ofMillis(300)))
                .execute(secretRequest("POST", "/stall").body("{}".getBytes(StandardCharsets.UTF_8)).build()));

        assertThat(error).isExactlyInstanceOf(RtmTimeoutException.class);
        assertThat(((RtmTimeoutException) error).kind()).isEqualTo(RtmTimeoutException.Kind.RESPONSE);
        assertThat(server.awaitAllConnectionsClosed(CLOSE_BOUND)).as("the server saw the stalled connection closed").isTrue();
    }

    /** A reset after the server read the request: an {@link RtmTransportException} that may have reached it; no retry. */
    @Test
    void resetAfterTheRequestWasReadMayHaveReachedTheService() {
        server.handler(LoopbackHttpServer.resetAfterRequest());

        RtmException error = failure(transport().execute(secretRequest("POST", "/reset").body("{}".getBytes(StandardCharsets.UTF_8)).build()));

        assertThat(error).isExactlyInstanceOf(RtmTransportException.class);
        assertThat(((RtmTransportException) error).mayHaveReachedService()).isTrue();
        assertThat(server.requestCount()).as("requests the server received").isEqualTo(1);
    }

    /** The server closes the connection after reading the request, without answering: may have reached it. */
    @Test
    void closeWithoutAnswerAfterTheRequestWasReadMayHaveReachedTheService() {
        server.handler(LoopbackHttpServer.closeAfterRequest());

        RtmException error = failure(transport().execute(secretRequest("POST", "/eof").body("{}".getBytes(StandardCharsets.UTF_8)).build()));

        assertThat(error).isExactlyInstanceOf(RtmTransportException.class);
        assertThat(((RtmTransportException) error).mayHaveReachedService()).isTrue();
        assertThat(server.requestCount()).as("requests the server received").isEqualTo(1);
    }

    /** The server closes each connection before reading anything: a typed failure, not a hang or a response. */
    @Test
    void connectionClosedBeforeTheRequestWasReadIsATransportFailure() {
        server.closeConnectionsBeforeReading(true);

        RtmException error = failure(transport().execute(secretRequest("POST", "/early").body("{}".getBytes(StandardCharsets.UTF_8)).build()));

        assertThat(error).isInstanceOf(RtmTransportException.class);
        assertThat(server.requestCount()).isZero();
    }

    /** A body cut short of its Content-Length: an {@link RtmTransportException} that may have reached the service. */
    @Test
    void truncatedResponseBodyIsATransportFailure() {
        server.handler((request, exchange) -> {
            exchange.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly-part");
            exchange.close();
        });

        RtmException error = failure(transport().execute(secretRequest("POST", "/cut").body("{}".getBytes(StandardCharsets.UTF_8)).build()));

        assertThat(error).isExactlyInstanceOf(RtmTransportException.class);
        assertThat(((RtmTransportException) error).mayHaveReachedService()).isTrue();
    }

    /** Bytes that are not an HTTP response: a typed failure that may have reached the service. */
    @Test
    void malformedResponseIsATransportFailure() {
        server.handler((request, exchange) -> {
            exchange.write("this is not HTTP at all\r\n\r\n");
            exchange.close();
        });

        RtmException error = failure(transport().execute(secretRequest("POST", "/garbage").body("{}".getBytes(StandardCharsets.UTF_8)).build()));

        assertThat(error).isExactlyInstanceOf(RtmTransportException.class);
        assertThat(((RtmTransportException) error).mayHaveReachedService()).isTrue();
    }

    // --- execute never throws -------------------------------------------------------------------------------

    /** {@code execute} returns before the response exists: it never waits for the server. */
    @Test
    void executeReturnsBeforeTheResponseArrives() throws InterruptedException {
        CountDownLatch answer = new CountDownLatch(1);
        server.handler((request, exchange) -> {
            answer.await(WAIT_SECONDS, TimeUnit.SECONDS);
            exchange.respond(200, List.of(), "late".getBytes(StandardCharsets.UTF_8));
        });

        CompletableFuture<HttpResponse> future = transport().execute(request("GET", "/late").build());

        server.takeRequest();
        assertThat(future).isNotDone();
        answer.countDown();
        assertThat(await(future).bodyAsString()).isEqualTo("late");
    }

    /** A URI the transport cannot send (not http(s), not absolute): a failed future, never a throw, nothing sent. */
    @ParameterizedTest
    @ValueSource(strings = {"ftp://127.0.0.1/x", "/relative/path", "mailto:someone@example.com"})
    void executeFailsTheFutureForAUriItCannotSend(String uri) {
        CompletableFuture<HttpResponse> future = executeWithoutThrowing(transport(),
                HttpRequest.builder().method("POST").uri(URI.create(uri)).header("Authorization", "Basic " + SECRET)
                        .header("x-ar-token", TOKEN).body(new byte[] {1}).build());

        RtmException error = failure(future);
        assertThat(error).isInstanceOf(RtmTransportException.class);
        assertThat(((RtmTransportException) error).mayHaveReachedService()).isFalse();
        assertThat(server.requestCount()).isZero();
    }

    /**
     * A header value with a control character (which {@link io.rtm.core.spi.HttpHeaders} allows and HTTP does
     * not) is sent as it is or refused with a typed error that never repeats the value.
     */
    @Test
    void aHeaderValueTheTransportRefusesNeverAppearsInTheError() {
        CompletableFuture<HttpResponse> future = executeWithoutThrowing(transport(), request("POST", "/ctl")
                .header("Authorization", "Basic \u0001" + SECRET).body(new byte[] {1}).build());

        try {
            future.get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(server.takeRequest().values("Authorization")).containsExactly("Basic \u0001" + SECRET);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(RtmException.class);
            for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
                assertThat(String.valueOf(t.getMessage()) + " " + t).as("an error message in the cause chain").doesNotContain(SECRET);
            }
        } catch (InterruptedException | TimeoutException e) {
            fail("no outcome within " + WAIT_SECONDS + " s", e);
        }
    }

    /** After {@code close()}: a failed future (never a throw) saying nothing reached the service; nothing sent. */
    @Test
    void executeAfterCloseFailsTheFutureAndSendsNothing() {
        Transport transport = transport();
        transport.close();

        RtmException error = failure(executeWithoutThrowing(transport, secretRequest("POST", "/closed").build()));

        assertThat(error).isExactlyInstanceOf(RtmTransportException.class);
        assertThat(((RtmTransportException) error).mayHaveReachedService()).isFalse();
        assertThat(server.requestCount()).isZero();
    }

    // --- cancellation and concurrency -----------------------------------------------------------------------

    /**
     * Cancelling the future aborts the exchange: the server sees the connection it went out on closed, also when
     * that is a kept-alive connection an earlier exchange used; the transport stays usable.
     */
    @Test
    void cancellingTheFutureAbortsTheExchange() {
        server.handler(LoopbackHttpServer.silent());
        Transport transport = transport();
        CompletableFuture<HttpResponse> future = transport.execute(request("POST", "/cancel").build());
        server.takeRequest();

        assertThat(future.cancel(true)).isTrue();

        assertThat(server.awaitAllConnectionsClosed(CLOSE_BOUND)).as("the server saw the connection closed").isTrue();
        assertThat(future).isCancelled();
        server.handler((request, exchange) -> {
            if (request.target().equals("/after")) {
                exchange.respond(200, List.of(), "after".getBytes(StandardCharsets.UTF_8));
            }
        });
        assertThat(send(transport, request("GET", "/after")).bodyAsString()).isEqualTo("after");
        server.takeRequest();

        // Again, on the connection "/after" left open if the transport keeps connections alive.
        CompletableFuture<HttpResponse> again = transport.execute(request("POST", "/cancel-again").build());
        RecordedRequest sent = server.takeRequest();

        assertThat(again.cancel(true)).isTrue();

        assertThat(server.awaitConnectionClosed(sent.connection(), CLOSE_BOUND))
                .as("the server saw connection %d, which the second cancelled request went out on, closed", sent.connection())
                .isTrue();
        assertThat(again).isCancelled();
    }

    /** 200 requests in flight at once all complete, each with its own response. */
    @Test
    void twoHundredConcurrentRequestsEachGetTheirOwnResponse() {
        server.handler((request, exchange) -> {
            String id = request.values(CORRELATION).get(0);
            byte[] echo = (id + ":" + request.target() + ":" + new String(request.body(), StandardCharsets.UTF_8))
                    .getBytes(StandardCharsets.UTF_8);
            exchange.respond(200, List.of(CORRELATION + ": " + id), echo);
        });
        Transport transport = transport();
        int n = 200;
        List<CompletableFuture<HttpResponse>> futures = new ArrayList<>(n);

        for (int i = 0; i < n; i++) {
            futures.add(transport.execute(request("POST", "/n/" + i).header(CORRELATION, "id-" + i)
                    .body(("body-" + i).getBytes(StandardCharsets.UTF_8)).build()));
        }

        for (int i = 0; i < n; i++) {
            HttpResponse response = await(futures.get(i));
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.headers().allValues(CORRELATION)).containsExactly("id-" + i);
            assertThat(response.bodyAsString()).isEqualTo("id-" + i + ":/n/" + i + ":body-" + i);
        }
        assertThat(server.requestCount()).isEqualTo(n);
    }

    // --- close ----------------------------------------------------------------------------------------------

    /** {@code close()} may be called any number of times, on a used or an unused transport. */
    @Test
    void closeIsIdempotent() {
        Transport unused = transport();
        assertThatCode(() -> {
            unused.close();
            unused.close();
        }).doesNotThrowAnyException();

        Transport used = transport();
        send(used, request("GET", "/once"));
        assertThatCode(() -> {
            used.close();
            used.close();
        }).doesNotThrowAnyException();
    }

    /**
     * {@code close()} fails requests still in flight with an {@link RtmTransportException} saying they may have
     * reached the service (the server read them), and closes their connections.
     */
    @Test
    void closeFailsRequestsInFlightAndClosesTheirConnections() {
        server.handler(LoopbackHttpServer.silent());
        Transport transport = transport();
        List<CompletableFuture<HttpResponse>> inFlight = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            inFlight.add(transport.execute(secretRequest("POST", "/in-flight/" + i).body(new byte[] {(byte) i}).build()));
        }
        for (int i = 0; i < 3; i++) {
            server.takeRequest();
        }

        transport.close();

        for (CompletableFuture<HttpResponse> future : inFlight) {
            RtmException error = failure(future);
            assertThat(error).isExactlyInstanceOf(RtmTransportException.class);
            assertThat(((RtmTransportException) error).mayHaveReachedService()).isTrue();
        }
        assertThat(server.awaitAllConnectionsClosed(CLOSE_BOUND)).as("the server saw every connection closed").isTrue();
    }

    /** {@code close()} closes idle pooled connections. */
    @Test
    void closeClosesIdleConnections() {
        assumeTrue(closeReleasesIdleConnections(), "this transport documents that close() leaves idle connections to the GC");
        Transport transport = transport();
        List<CompletableFuture<HttpResponse>> futures = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            futures.add(transport.execute(request("GET", "/idle/" + i).build()));
        }
        futures.forEach(TransportConformanceSuite::await);
        send(transport, request("GET", "/idle/again"));

        transport.close();

        assertThat(server.awaitAllConnectionsClosed(CLOSE_BOUND)).as("the server saw every connection closed").isTrue();
    }

    /** After {@code close()} none of the transport's threads is alive (checked when {@link #threadNamePrefix} says their names). */
    @Test
    void closeReleasesTheTransportsThreads() {
        Transport transport = transport();
        Optional<String> prefix = threadNamePrefix(transport);
        assumeTrue(prefix.isPresent(), "threadNamePrefix(Transport) is not implemented for this transport");
        send(transport, request("GET", "/threads"));
        assertThat(liveThreads(prefix.get())).as("live threads named %s* while in use", prefix.get()).isNotEmpty();

        transport.close();

        long deadline = System.nanoTime() + CLOSE_BOUND.toNanos();
        while (!liveThreads(prefix.get()).isEmpty() && System.nanoTime() < deadline) {
            sleep(20);
        }
        assertThat(liveThreads(prefix.get())).as("live threads named %s* after close()", prefix.get()).isEmpty();
    }

    // --- helpers --------------------------------------------------------------------------------------------

    private Transport transport() {
        return transport(defaultConfig());
    }

    private Transport transport(TransportConfig config) {
        Transport transport = createTransport(config);
        assertThat(transport).as("createTransport(config)").isNotNull();
        transports.add(transport);
        return transport;
    }

    private TransportConfig config(Duration connectTimeout, Duration responseTimeout) {
        return defaultConfig().toBuilder().connectTimeout(connectTimeout).responseTimeout(responseTimeout).build();
    }

    private HttpRequest.Builder request(String method, String rawPathAndQuery) {
        return HttpRequest.builder().method(method).uri(server.uri(rawPathAndQuery));
    }

    /** A request carrying credentials, which no error may repeat. */
    private HttpRequest.Builder secretRequest(String method, String rawPathAndQuery) {
        return request(method, rawPathAndQuery).header("Authorization", "Basic " + SECRET).header("x-ar-token", TOKEN);
    }

    private static HttpResponse send(Transport transport, HttpRequest.Builder request) {
        return await(executeWithoutThrowing(transport, request.build()));
    }

    private static CompletableFuture<HttpResponse> executeWithoutThrowing(Transport transport, HttpRequest request) {
        CompletableFuture<HttpResponse> future;
        try {
            future = transport.execute(request);
        } catch (RuntimeException e) {
            throw new AssertionError("execute(" + request + ") threw instead of failing the future", e);
        }
        assertThat(future).as("execute(%s)", request).isNotNull();
        return future;
    }

    private static HttpResponse await(CompletableFuture<HttpResponse> future) {
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
     * when a message anywhere in its cause chain repeats the credentials of {@link #secretRequest}.
     */
    private static RtmException failure(CompletableFuture<HttpResponse> future) {
        try {
            HttpResponse response = future.get(WAIT_SECONDS, TimeUnit.SECONDS);
            return fail("expected a typed failure, got " + response);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).as("the failure must be an RtmException").isInstanceOf(RtmException.class);
            for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
                assertThat(String.valueOf(t.getMessage()) + " " + t).as("an error message in the cause chain")
                        .doesNotContain(SECRET).doesNotContain(TOKEN);
            }
            return (RtmException) e.getCause();
        } catch (TimeoutException e) {
            return fail("the future was still pending after " + WAIT_SECONDS + " s");
        } catch (CancellationException e) {
            return fail("the future was cancelled instead of failing with a typed error");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted");
        }
    }

    /** Fills the listener's accept queue; true when a further connect no longer completes (SYNs are dropped). */
    private static boolean fillAcceptQueue(ServerSocket full, List<Socket> fillers) {
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

    private static List<String> liveThreads(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith(prefix))
                .map(Thread::getName)
                .sorted()
                .toList();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
