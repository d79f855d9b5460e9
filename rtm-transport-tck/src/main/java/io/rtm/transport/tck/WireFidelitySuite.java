package io.rtm.transport.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.rtm.core.error.RtmTransportException;
import io.rtm.core.spi.HttpRequest;
import io.rtm.core.spi.HttpResponse;
import io.rtm.core.spi.Transport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What goes on the wire and what comes back: methods; the request target sent exactly as the URI's raw path and
 * query; headers sent with their values, repeats and (where the protocol keeps it) case, and no
 * {@code Content-Type} added; binary-safe bodies both ways; every status returned as a response with all its
 * headers and body (redirects not followed, nothing retried); responses framed by length, chunks or connection
 * close; 200 concurrent requests each getting their own response.
 *
 * <pre>{@code
 * class MyTransportWireFidelityTest extends WireFidelitySuite {
 *     protected Transport createTransport(TransportConfig config) {
 *         return MyTransport.create(config);
 *     }
 * }
 * }</pre>
 *
 * <p>{@link TransportConformanceSuite} runs this suite together with the others.
 */
public abstract class WireFidelitySuite extends TransportSuite {

    /** For subclasses. */
    protected WireFidelitySuite() {
    }

    /** POST and PUT carry their body; the request line names the method exactly. */
    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT"})
    void sendsMethodsWithABody(String method) {
        byte[] body = "{\"payload\":\"hi\"}".getBytes(StandardCharsets.UTF_8);

        HttpResponse response = send(transport(), request(method, "/m").header("Content-Type", "application/json").body(body));

        assertThat(response.status()).isEqualTo(200);
        RecordedRequest received = server().takeRequest();
        assertThat(received.requestLine()).isEqualTo(method + " /m HTTP/1.1");
        assertThat(received.body()).isEqualTo(body);
    }

    /** GET and DELETE without a body send none. */
    @ParameterizedTest
    @ValueSource(strings = {"GET", "DELETE"})
    void sendsMethodsWithoutABody(String method) {
        HttpResponse response = send(transport(), request(method, "/m"));

        assertThat(response.status()).isEqualTo(200);
        RecordedRequest received = server().takeRequest();
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

        assertThat(server().takeRequest().requestLine()).isEqualTo("POST " + rawPathAndQuery + " HTTP/1.1");
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
            assertThat(server().takeRequest().target()).isEqualTo("/q?");
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(RtmTransportException.class);
            assertThat(((RtmTransportException) e.getCause()).mayHaveReachedService()).isFalse();
            assertThat(server().requestCount()).isZero();
        } catch (InterruptedException | TimeoutException e) {
            fail("no outcome within " + WAIT_SECONDS + " s", e);
        }
    }

    /** An empty path is sent as {@code /}; a fragment is never sent. */
    @Test
    void sendsSlashForAnEmptyPathAndNeverTheFragment() {
        send(transport(), HttpRequest.builder().uri(server().uri("")));
        assertThat(server().takeRequest().target()).isEqualTo("/");

        send(transport(), HttpRequest.builder().uri(server().uri("/a%23b?q=1#frag")));
        assertThat(server().takeRequest().target()).isEqualTo("/a%23b?q=1");
    }

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

        RecordedRequest received = server().takeRequest();
        assertThat(received.values("Content-Type")).containsExactly("application/json;charset=utf-8");
        assertThat(received.values("Authorization")).containsExactly("Basic YXBpX2tleTphcGlfc2VjcmV0");
        assertThat(received.values("x-ar-uid")).containsExactly("user 1");
        assertThat(received.values("X-Repeat")).containsExactly("first", "second, with a comma", "third");
        assertThat(received.values("Accept")).containsExactly("application/json");
        assertThat(received.values("X-Quoted")).containsExactly("a=\"b c\"; d=e");
        assertThat(received.values("Host")).containsExactly("127.0.0.1:" + server().port());
    }

    /** Header names keep the case the request gave them (HTTP/1.1 preserves it on the wire). */
    @Test
    void sendsHeaderNamesInTheCaseGiven() {
        assumeTrue(supportsHeaderCase(), "this transport documents that it does not keep header case");

        send(transport(), request("GET", "/case")
                .header("x-ar-uid", "u1").header("X-Ar-Token", "t").header("x-MiXeD-CaSe", "m").header("ACCEPT", "*/*"));

        assertThat(server().takeRequest().headerNames()).contains("x-ar-uid", "X-Ar-Token", "x-MiXeD-CaSe", "ACCEPT");
    }

    /** A body without a {@code Content-Type} goes out without one: the transport adds none of its own. */
    @Test
    void addsNoContentTypeOfItsOwn() {
        send(transport(), request("POST", "/raw").body(new byte[] {1, 2, 3}));

        RecordedRequest received = server().takeRequest();
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

        RecordedRequest received = server().takeRequest();
        assertThat(received.body()).containsExactly(42, 43);
        assertThat(received.values("Content-Length").size() + received.values("Transfer-Encoding").size()).isEqualTo(1);
        if (!received.values("Content-Length").isEmpty()) {
            assertThat(received.values("Content-Length")).containsExactly("2");
        }
    }

    /** Every byte value goes out unchanged (no charset conversion, no line-ending translation). */
    @Test
    void sendsAll256ByteValuesUnchanged() {
        byte[] body = new byte[512];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) i;
        }

        send(transport(), request("POST", "/bin").body(body));

        assertThat(server().takeRequest().body()).isEqualTo(body);
    }

    /** A 1 MiB body goes out whole and unchanged. */
    @Test
    void sendsAOneMebibyteBodyUnchanged() {
        byte[] body = new byte[1 << 20];
        new Random(42).nextBytes(body);

        send(transport(), request("POST", "/big").body(body));

        assertThat(server().takeRequest().body()).isEqualTo(body);
    }

    /** A POST without a body is a complete message with an empty body. */
    @Test
    void sendsAnEmptyBodyAsAnEmptyBody() {
        HttpResponse response = send(transport(), request("POST", "/empty"));

        assertThat(response.status()).isEqualTo(200);
        RecordedRequest received = server().takeRequest();
        assertThat(received.bodyLength()).isZero();
        assertThat(received.values("Content-Length")).isSubsetOf("0");
    }

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
        server().handler((request, exchange) -> {
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
        assertThat(server().requestCount()).as("requests the server received").isEqualTo(1);
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
        server().handler((request, exchange) ->
                exchange.respond(200, List.of("Content-Type: application/octet-stream"), request.target().equals("/small") ? small : large));

        assertThat(send(transport(), request("GET", "/small")).body()).isEqualTo(small);
        assertThat(send(transport(), request("GET", "/large")).body()).isEqualTo(large);
    }

    /** A response framed by closing the connection (no length, no chunking) is read to its end. */
    @Test
    void readsAResponseDelimitedByConnectionClose() {
        server().handler((request, exchange) -> {
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
        server().handler(LoopbackHttpServer.slowly(Duration.ofMillis(300), 200, List.of("Content-Type: application/json"),
                body.getBytes(StandardCharsets.UTF_8), 5, Duration.ofMillis(50)));

        HttpResponse response = send(transport(config(Duration.ofSeconds(2), Duration.ofSeconds(3))), request("POST", "/slow"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.bodyAsString()).isEqualTo(body);
    }

    /** 200 requests in flight at once all complete, each with its own response. */
    @Test
    void twoHundredConcurrentRequestsEachGetTheirOwnResponse() {
        server().handler((request, exchange) -> {
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
        assertThat(server().requestCount()).isEqualTo(n);
    }
}
