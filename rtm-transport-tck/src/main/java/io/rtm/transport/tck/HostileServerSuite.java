package io.rtm.transport.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtm.core.error.RtmException;
import io.rtm.core.error.RtmTimeoutException;
import io.rtm.core.error.RtmTransportException;
import io.rtm.core.spi.HttpResponse;
import io.rtm.core.spi.Transport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Servers that misbehave, on purpose or by accident, and what a transport owes then: a typed failure within the
 * configured bounds, memory bounded by {@link #maxResponseBytes()} whatever the server sends, no credentials in
 * anything it reports, and no decision taken for the SDK (a response the server did send comes back unchanged:
 * the transport parses no JSON, interprets no {@code Retry-After}, follows no redirect).
 *
 * <ul>
 *   <li>a server that accepts and never reads or answers; one that answers garbage, or closes in the middle of
 *       the head or the body; one that echoes the request's credentials in a malformed reply;</li>
 *   <li>a 50 MB body, an endless chunked body, an endless body delimited by close, an endless head: a typed
 *       failure, and the transport stops reading (the server can write at most {@link #maxResponseBytes()} plus
 *       the socket buffers before the connection is closed);</li>
 *   <li>a head or a body dripping one byte per second: the response timeout still fires; a drip fast enough to
 *       keep an inactivity timeout at bay is still aborted by cancelling the future (the SDK's call deadline);</li>
 *   <li>non-JSON, huge (exactly the limit) and deeply nested JSON on a 200, 429s with missing, negative,
 *       garbage and enormous {@code Retry-After}: returned as they are;</li>
 *   <li>a redirect to another host: returned as it is, and nothing is sent there.</li>
 * </ul>
 *
 * <pre>{@code
 * class MyTransportHostileServerTest extends HostileServerSuite {
 *     protected Transport createTransport(TransportConfig config) {
 *         return MyTransport.create(config);
 *     }
 * }
 * }</pre>
 *
 * <p>{@link TransportConformanceSuite} runs this suite together with the others.
 */
public abstract class HostileServerSuite extends TransportSuite {

    /** What a server may write past the body limit before a transport that stops reading has closed: socket buffers. */
    private static final long SOCKET_BUFFER_SLACK = 16L << 20;
    /** A hostile server stops writing after this much: enough to tell a bounded reader from an unbounded one. */
    private static final long HOSTILE_BYTES_CAP = 64L << 20;

    /** For subclasses. */
    protected HostileServerSuite() {
    }

    // --- servers that never answer, answer garbage, or close half-way -----------------------------------------

    /** A server that accepts the connection and never reads or writes a byte: a RESPONSE timeout, in time. */
    @Test
    void aServerThatAcceptsAndNeverReadsIsAResponseTimeout() {
        server().holdConnectionsWithoutReading(true);
        Transport transport = transport(config(Duration.ofSeconds(2), Duration.ofMillis(300)));

        long start = System.nanoTime();
        RtmException error = failure(transport.execute(secretRequest("POST", "/hung").body(new byte[] {1}).build()), Duration.ofSeconds(3));

        assertThat(error).isExactlyInstanceOf(RtmTimeoutException.class);
        assertThat(((RtmTimeoutException) error).kind()).isEqualTo(RtmTimeoutException.Kind.RESPONSE);
        assertThat(millisSince(start)).as("ms until the 300 ms response timeout fired").isLessThan(3_000);
    }

    /**
     * Bytes that are not an HTTP response, or a head whose numbers cannot be read: a typed failure saying the request
     * may have reached the service (the server read it), never a response, never a hang.
     */
    @ParameterizedTest
    @ValueSource(strings = {
            "random-bytes",
            "HTTP/1.1 abc OK\r\nContent-Length: 0\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: abc\r\n\r\nhello",
            "HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\nhello",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n",
    })
    void garbageInsteadOfAResponseIsATypedFailure(String reply) {
        byte[] bytes = reply.equals("random-bytes") ? randomBytes(4096) : reply.getBytes(StandardCharsets.ISO_8859_1);
        server().handler((request, exchange) -> {
            exchange.write(bytes);
            exchange.close();
        });

        RtmException error = failure(transport().execute(secretRequest("POST", "/garbage").body(new byte[] {1}).build()));

        assertThat(error).isExactlyInstanceOf(RtmTransportException.class);
        assertThat(((RtmTransportException) error).mayHaveReachedService()).isTrue();
    }

    /**
     * A status code of four digits, or a header line without a colon: HTTP forbids both, so they are a typed failure,
     * not a response with a guessed status or a silently dropped line. (An HTTP library that reads such heads
     * leniently is a documented deviation: see {@link #knownDeviations()}.)
     */
    @ParameterizedTest
    @ValueSource(strings = {
            "HTTP/1.1 2000 OK\r\nContent-Length: 0\r\n\r\n",
            "HTTP/1.1 200 OK\r\nthis header line has no colon\r\nContent-Length: 0\r\n\r\n",
    })
    void aStatusCodeOrHeaderLineHttpForbidsIsATypedFailure(String reply) {
        server().handler((request, exchange) -> {
            exchange.write(reply);
            exchange.close();
        });

        RtmException error = failure(transport().execute(secretRequest("POST", "/forbidden-head").body(new byte[] {1}).build()));

        assertThat(error).isExactlyInstanceOf(RtmTransportException.class);
        assertThat(((RtmTransportException) error).mayHaveReachedService()).isTrue();
    }

    /** The server closes in the middle of the status line, the headers, a chunk or a sized body: a typed failure. */
    @ParameterizedTest
    @ValueSource(strings = {
            "HTTP/1.1 20",
            "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nonly-half",
            "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n{\"result\":\"succ",
    })
    void closingInTheMiddleOfTheResponseIsATypedFailure(String partial) {
        server().handler((request, exchange) -> {
            exchange.write(partial);
            exchange.close();
        });

        RtmException error = failure(transport().execute(secretRequest("POST", "/half").body(new byte[] {1}).build()));

        assertThat(error).isExactlyInstanceOf(RtmTransportException.class);
        assertThat(((RtmTransportException) error).mayHaveReachedService()).isTrue();
    }

    /**
     * The server closes in the middle of a header line: a typed failure, not a response made of the head so far. (An
     * HTTP library that completes a head at end of stream is a documented deviation: see {@link #knownDeviations()}.)
     */
    @Test
    void closingInTheMiddleOfAHeaderLineIsATypedFailure() {
        server().handler((request, exchange) -> {
            exchange.write("HTTP/1.1 200 OK\r\nContent-Type: applica");
            exchange.close();
        });

        RtmException error = failure(transport().execute(secretRequest("POST", "/half-head").body(new byte[] {1}).build()));

        assertThat(error).isExactlyInstanceOf(RtmTransportException.class);
        assertThat(((RtmTransportException) error).mayHaveReachedService()).isTrue();
    }

    /**
     * A broken server or proxy that echoes the request's credentials inside a malformed reply: nothing the transport
     * reports repeats them. Its failure (typed) has them in no message, cause or suppressed exception, i.e. nowhere a
     * logged stack trace prints; a transport whose HTTP library skips the malformed line returns a response without
     * them. ({@link #garbageInsteadOfAResponseIsATypedFailure} is where malformed replies must fail.)
     */
    @ParameterizedTest
    @ValueSource(strings = {"request-head", "authorization-as-status-line", "credentials-in-status-line",
            "credentials-in-a-header-without-colon"})
    void credentialsEchoedInAMalformedReplyNeverReachTheError(String echo) {
        server().handler((request, exchange) -> {
            String head = request.requestLine() + "\r\n" + String.join("\r\n", request.headerLines()) + "\r\n\r\n";
            String auth = request.values("Authorization").get(0);
            String token = request.values("x-ar-token").get(0);
            exchange.write(switch (echo) {
                case "request-head" -> head;
                case "authorization-as-status-line" -> "Authorization: " + auth + "\r\nx-ar-token: " + token + "\r\n\r\n";
                case "credentials-in-status-line" -> "HTTP/1.1 4O1 " + auth + " " + token + "\r\nContent-Length: 0\r\n\r\n";
                default -> "HTTP/1.1 200 OK\r\nAuthorization " + auth + "\r\nx-ar-token " + token + "\r\nContent-Length: 0\r\n\r\n";
            });
            exchange.close();
        });

        CompletableFuture<HttpResponse> future = transport().execute(secretRequest("POST", "/echo").body(new byte[] {1}).build());

        HttpResponse lenient = outcome(future);
        if (lenient == null) {
            RtmException error = failure(future);
            assertThat(error).isExactlyInstanceOf(RtmTransportException.class);
            assertThat(((RtmTransportException) error).mayHaveReachedService()).isTrue();
        } else {
            assertThat(echo).as("only a header line without a colon may be skipped into a response").isEqualTo("credentials-in-a-header-without-colon");
            assertThat(lenient.headers().asList().toString() + new String(lenient.body(), StandardCharsets.ISO_8859_1))
                    .doesNotContain(SECRET).doesNotContain(TOKEN);
        }
    }

    // --- bodies and heads that never end ---------------------------------------------------------------------

    /** A body of exactly {@link #maxResponseBytes()} comes back whole, sized or chunked; one byte more fails typed. */
    @ParameterizedTest
    @ValueSource(strings = {"content-length", "chunked"})
    void aBodyOfExactlyTheLimitComesBackWholeAndOneByteMoreIsATypedFailure(String framing) {
        int limit = maxResponseBytes();
        byte[] whole = randomBytes(limit);
        server().handler((request, exchange) -> {
            int size = request.target().equals("/limit") ? limit : limit + 1;
            if (framing.equals("chunked")) {
                exchange.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
                int half = size / 2;
                writeChunk(exchange, Arrays.copyOfRange(whole, 0, half));
                writeChunk(exchange, size > limit ? concat(Arrays.copyOfRange(whole, half, limit), new byte[] {7})
                        : Arrays.copyOfRange(whole, half, limit));
                exchange.write("0\r\n\r\n");
            } else {
                exchange.respond(200, List.of(), size > limit ? concat(whole, new byte[] {7}) : whole);
            }
        });
        Transport transport = transport();

        assertThat(send(transport, request("GET", "/limit")).body()).isEqualTo(whole);

        RtmException error = failure(transport.execute(secretRequest("GET", "/limit-plus-one").build()));
        assertThat(error).isExactlyInstanceOf(RtmTransportException.class);
        assertThat(((RtmTransportException) error).mayHaveReachedService()).isTrue();
    }

    /**
     * A 50 MB body (declared), an endless chunked body, an endless body delimited by close: a typed failure, soon, and
     * the transport stops reading: the server writes at most the limit plus socket buffers before the connection
     * closes (a transport that buffered the body would let it write everything).
     */
    @ParameterizedTest
    @ValueSource(strings = {"fifty-megabytes-declared", "endless-chunked", "endless-until-close"})
    void aBodyFarBeyondTheLimitIsATypedFailureAndIsNotReadToItsEnd(String shape) {
        AtomicLong written = new AtomicLong();
        server().handler((request, exchange) -> {
            exchange.write(switch (shape) {
                case "fifty-megabytes-declared" -> "HTTP/1.1 200 OK\r\nContent-Length: 52428800\r\n\r\n";
                case "endless-chunked" -> "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
                default -> "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n";
            });
            byte[] piece = new byte[64 * 1024];
            Arrays.fill(piece, (byte) '[');
            byte[] chunk = concat(concat((Integer.toHexString(piece.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1), piece),
                    "\r\n".getBytes(StandardCharsets.ISO_8859_1));
            byte[] unit = shape.equals("endless-chunked") ? chunk : piece;
            long cap = shape.equals("fifty-megabytes-declared") ? 52_428_800L : HOSTILE_BYTES_CAP;
            try {
                while (written.get() + unit.length <= cap) {
                    exchange.write(unit);
                    written.addAndGet(unit.length);
                }
                // Then close: a reader that took it all has let the server write far more than the bound checked below.
            } catch (IOException e) {
                // the client closed the connection: what we want
            }
            exchange.close();
        });

        long start = System.nanoTime();
        RtmException error = failure(transport().execute(secretRequest("GET", "/flood").build()));

        assertThat(written.get()).as("bytes the server could write before the transport closed the connection")
                .isLessThanOrEqualTo(maxResponseBytes() + SOCKET_BUFFER_SLACK);
        assertThat(error).isExactlyInstanceOf(RtmTransportException.class);
        assertThat(((RtmTransportException) error).mayHaveReachedService()).isTrue();
        assertThat(millisSince(start)).as("ms until the failure").isLessThan(5_000);
        assertThat(server().awaitAllConnectionsClosed(closeBound())).as("the server saw the connection closed").isTrue();
    }

    /**
     * A head that never ends (an endless header line, or endless header lines): a typed failure, soon, and the
     * transport stops reading it (heads are bounded too).
     */
    @ParameterizedTest
    @ValueSource(strings = {"endless-header-line", "endless-header-lines"})
    void aHeadThatNeverEndsIsATypedFailureAndIsNotReadToItsEnd(String shape) {
        AtomicLong written = new AtomicLong();
        server().handler((request, exchange) -> {
            exchange.write("HTTP/1.1 200 OK\r\nX-Endless: ");
            byte[] unit = new byte[16 * 1024];
            if (shape.equals("endless-header-line")) {
                Arrays.fill(unit, (byte) 'a');
            } else {
                byte[] line = "a\r\nX-More: b".getBytes(StandardCharsets.ISO_8859_1);
                for (int i = 0; i < unit.length; i++) {
                    unit[i] = line[i % line.length];
                }
            }
            try {
                while (written.get() + unit.length <= HOSTILE_BYTES_CAP) {
                    exchange.write(unit);
                    written.addAndGet(unit.length);
                }
            } catch (IOException e) {
                // the client closed the connection: what we want
            }
            exchange.close();
        });

        long start = System.nanoTime();
        RtmException error = failure(transport().execute(secretRequest("GET", "/endless-head").build()));

        assertThat(written.get()).as("bytes of head the server could write before the transport closed the connection")
                .isLessThanOrEqualTo(maxResponseBytes() + SOCKET_BUFFER_SLACK);
        assertThat(error).isInstanceOf(RtmTransportException.class);
        assertThat(((RtmTransportException) error).mayHaveReachedService()).isTrue();
        assertThat(millisSince(start)).as("ms until the failure").isLessThan(5_000);
    }

    // --- drips ------------------------------------------------------------------------------------------------

    /** A head, or a body, dripping one byte per second: the 300 ms response timeout still fires, well before 3 s. */
    @ParameterizedTest
    @ValueSource(strings = {"head", "body"})
    void oneBytePerSecondIsAResponseTimeout(String part) {
        server().handler((request, exchange) -> {
            String reply = "HTTP/1.1 200 OK\r\nContent-Length: 40\r\n\r\n{\"result\":\"success\",\"code\":\"message_sent\"}";
            int headEnd = reply.indexOf("\r\n\r\n") + 4;
            int from = 0;
            if (part.equals("body")) {
                exchange.write(reply.substring(0, headEnd));
                from = headEnd;
            }
            try {
                for (int i = from; i < reply.length(); i++) {
                    exchange.write(reply.substring(i, i + 1));
                    Thread.sleep(1_000);
                }
            } catch (IOException e) {
                // the client gave up and closed: what we want
            }
        });
        Transport transport = transport(config(Duration.ofSeconds(2), Duration.ofMillis(300)));

        long start = System.nanoTime();
        RtmException error = failure(transport.execute(secretRequest("POST", "/drip").body(new byte[] {1}).build()), Duration.ofSeconds(3));

        assertThat(error).isExactlyInstanceOf(RtmTimeoutException.class);
        assertThat(((RtmTimeoutException) error).kind()).isEqualTo(RtmTimeoutException.Kind.RESPONSE);
        assertThat(millisSince(start)).as("ms until the 300 ms response timeout fired on a 1 byte/s drip").isLessThan(3_000);
    }

    /**
     * A body dripping fast enough (a byte every 50 ms) to keep an inactivity timeout from firing: cancelling the
     * future, as the SDK's call deadline does, still ends the exchange and closes its connection.
     */
    @Test
    void cancellingADripThatOutlivesTheResponseTimeoutClosesItsConnection() {
        server().handler((request, exchange) -> {
            exchange.write("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n");
            try {
                for (int i = 0; i < 100_000; i++) {
                    exchange.write("x");
                    Thread.sleep(50);
                }
            } catch (IOException e) {
                // the client closed: what we want
            }
        });
        Transport transport = transport(config(Duration.ofSeconds(2), Duration.ofSeconds(5)));
        CompletableFuture<HttpResponse> future = transport.execute(request("GET", "/drip-fast").build());
        server().takeRequest();
        sleep(400);

        assertThat(future.cancel(true)).isTrue();

        assertThat(server().awaitAllConnectionsClosed(closeBound())).as("the server saw the dripping connection closed").isTrue();
        assertThat(future).isCancelled();
    }

    // --- responses the transport returns as they are ----------------------------------------------------------

    /**
     * A 200 whose body is not JSON, is JSON of exactly the body limit, is JSON nested 100,000 levels deep, or is not
     * even UTF-8: returned unchanged, as a response. The transport parses no JSON.
     */
    @ParameterizedTest
    @ValueSource(strings = {"html", "huge-json", "deeply-nested-json", "invalid-utf8"})
    void aTwoHundredWithABodyTheSdkCannotReadIsReturnedUnchanged(String kind) {
        byte[] body = switch (kind) {
            case "html" -> "<html><body>502 Bad Gateway</body></html>".getBytes(StandardCharsets.UTF_8);
            case "huge-json" -> hugeJson(maxResponseBytes());
            case "deeply-nested-json" -> ("[".repeat(100_000) + "]".repeat(100_000)).getBytes(StandardCharsets.UTF_8);
            default -> new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, '"', ':', '1', '}'};
        };
        List<String> headers = List.of(kind.equals("html") ? "Content-Type: text/html" : "Content-Type: application/json");
        server().handler(LoopbackHttpServer.respond(200, headers, body));

        HttpResponse response = send(transport(), request("POST", "/odd-body").body("{}".getBytes(StandardCharsets.UTF_8)));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(body);
        assertThat(response.headers().allValues("Content-Type")).containsExactly(headers.get(0).substring("Content-Type: ".length()));
    }

    /**
     * A 429 with a {@code Retry-After} that is missing, negative, garbage, enormous, fractional, a date or
     * repeated: returned as it is, every value unchanged. Reading it is the SDK's job.
     */
    @ParameterizedTest
    @ValueSource(strings = {"", "-1", "soon", "99999999999999999999999999", "1.5", "Wed, 21 Oct 2015 07:28:00 GMT",
            "0", "3|7"})
    void aTooManyRequestsIsReturnedWithItsRetryAfterUnchanged(String retryAfter) {
        List<String> values = retryAfter.isEmpty() ? List.of() : List.of(retryAfter.split("\\|"));
        List<String> headers = new ArrayList<>();
        headers.add("Content-Type: application/json");
        values.forEach(v -> headers.add("Retry-After: " + v));
        byte[] body = "{\"result\":\"failed\",\"code\":\"rate_limited\",\"request_id\":\"r-429\"}".getBytes(StandardCharsets.UTF_8);
        server().handler(LoopbackHttpServer.respond(429, headers, body));

        HttpResponse response = send(transport(), request("POST", "/limited").body("{}".getBytes(StandardCharsets.UTF_8)));

        assertThat(response.status()).isEqualTo(429);
        assertThat(response.headers().allValues("Retry-After")).containsExactlyElementsOf(values);
        assertThat(response.body()).isEqualTo(body);
        assertThat(server().requestCount()).as("requests the server received (no retry)").isEqualTo(1);
    }

    /** A redirect to another host is returned as it is; nothing, credentials least of all, is sent there. */
    @ParameterizedTest
    @ValueSource(ints = {301, 302, 303, 307, 308})
    void aRedirectToAnotherHostIsReturnedAndNothingIsSentThere(int status) {
        try (LoopbackHttpServer elsewhere = LoopbackHttpServer.start()) {
            String location = "http://localhost:" + elsewhere.port() + "/stolen?from=rtm";
            server().handler(LoopbackHttpServer.respond(status, List.of("Location: " + location), new byte[0]));

            HttpResponse response = send(transport(), secretRequest("POST", "/moved").body("{}".getBytes(StandardCharsets.UTF_8)));

            assertThat(response.status()).isEqualTo(status);
            assertThat(response.headers().allValues("Location")).containsExactly(location);
            assertThat(server().requestCount()).isEqualTo(1);
            sleep(100);
            assertThat(elsewhere.connectionCount()).as("connections made to the redirect's host").isZero();
        }
    }

    // --- helpers ----------------------------------------------------------------------------------------------

    /** The response, or null when the future failed (then {@link #failure} says how); waits the kit's usual bound. */
    private static HttpResponse outcome(CompletableFuture<HttpResponse> future) {
        try {
            return future.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            return null;
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no outcome within " + WAIT_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        new Random(n).nextBytes(bytes);
        return bytes;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static void writeChunk(LoopbackHttpServer.Exchange exchange, byte[] data) throws IOException {
        exchange.write(concat(concat((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1), data),
                "\r\n".getBytes(StandardCharsets.ISO_8859_1)));
    }

    /** A JSON object of exactly {@code size} bytes: {"payload":"xxx…"}. */
    private static byte[] hugeJson(int size) {
        String open = "{\"payload\":\"";
        String close = "\"}";
        return (open + "x".repeat(size - open.length() - close.length()) + close).getBytes(StandardCharsets.UTF_8);
    }
}
