package io.rtm.transport.httpclient;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtm.core.spi.HttpRequest;
import io.rtm.core.spi.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What goes on the wire: request target, headers and body, byte for byte. */
class RequestFidelityTest {

    private static RawHttpServer server;
    private static HttpClientTransport transport;

    @BeforeAll
    static void start() throws Exception {
        server = RawHttpServer.ok();
        transport = HttpClientTransport.builder().build();
    }

    @AfterAll
    static void stop() throws Exception {
        transport.close();
        server.close();
    }

    @BeforeEach
    void drain() throws Exception {
        while (server.pending() > 0) {
            server.take();
        }
    }

    private static HttpResponse send(HttpRequest request) throws Exception {
        return transport.execute(request).get(10, TimeUnit.SECONDS);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/dev/v2/project/app/rtm/users/%2E%2E/peer_messages",
            "/dev/v2/project/app/rtm/users/../peer_messages",
            "/dev/v2/project/app/rtm/users/./x/peer_messages",
            "/dev/v2/project/app/rtm/users/a%20b/peer_messages",
            "/dev/v2/project/app/rtm/users/x%2By/peer_messages",
            "/dev/v2/project/app/rtm/users/x+y/peer_messages",
            "/dev/v2/project/app/rtm/users/100%25/peer_messages",
            "/dev/v2/project/app/rtm/users/%21%23%24%25%26%28%29%2B-%3A%3B%3C%3D.%3E%3F%40%5B%5D%5E_%7B%7D%7C~%2C%27/peer_messages",
            "/dev/v2/project/app/rtm/users/%7e%2f%2F/peer_messages",
            "/dev/v2/project/app/rtm/users/a%20b/peer_messages?wait_for_ack=true",
            "/x//y?a=%20&b=+&c=%2B&d",
    })
    void sendsRawPathAndQueryAsTheRequestTargetUnchanged(String rawPathAndQuery) throws Exception {
        HttpResponse response = send(HttpRequest.builder().method("POST").uri(server.uri(rawPathAndQuery))
                .header("Content-Type", "application/json;charset=utf-8")
                .body("{}".getBytes(StandardCharsets.UTF_8)).build());

        assertThat(response.status()).isEqualTo(200);
        assertThat(server.take().requestLine()).isEqualTo("POST " + rawPathAndQuery + " HTTP/1.1");
    }

    @Test
    void sendsEmptyPathAsSlashAndNeverSendsTheFragment() throws Exception {
        send(HttpRequest.builder().uri(server.uri("")).build());
        assertThat(server.take().requestLine()).isEqualTo("GET / HTTP/1.1");

        send(HttpRequest.builder().uri(server.uri("/a%23b?q=1#frag")).build());
        assertThat(server.take().requestLine()).isEqualTo("GET /a%23b?q=1 HTTP/1.1");
    }

    @Test
    void sendsRequestHeadersExactlyAsGivenInOrderWithRepeatsAndCase() throws Exception {
        List<String> given = List.of(
                "Content-Type: application/json;charset=utf-8",
                "Authorization: Basic YXBpX2tleTphcGlfc2VjcmV0",
                "x-ar-uid: user-1",
                "X-Repeat: first",
                "x-REPEAT: second",
                "User-Agent: rtm-java/0.1.0",
                "Accept: application/json");
        HttpRequest.Builder request = HttpRequest.builder().method("POST").uri(server.uri("/peer"))
                .body("{\"payload\":\"hi\"}".getBytes(StandardCharsets.UTF_8));
        for (String line : given) {
            int colon = line.indexOf(':');
            request.header(line.substring(0, colon), line.substring(colon + 2));
        }

        send(request.build());

        RawHttpServer.Received received = server.take();
        List<String> fromRequest = received.headerLines().stream()
                .filter(l -> !l.startsWith("Host:") && !l.startsWith("Content-Length:") && !l.startsWith("Connection:"))
                .toList();
        assertThat(fromRequest).containsExactlyElementsOf(given);
        assertThat(received.values("Content-Type")).containsExactly("application/json;charset=utf-8");
        assertThat(received.values("Host")).containsExactly("127.0.0.1:" + server.port());
        assertThat(received.values("Content-Length")).containsExactly("16");
    }

    @Test
    void addsOnlyHostAndConnectionHandlingToARequestWithoutHeaders() throws Exception {
        send(HttpRequest.builder().uri(server.uri("/bare")).build());

        RawHttpServer.Received received = server.take();
        assertThat(received.headerLines())
                .allSatisfy(line -> assertThat(line).matches("(Host|Connection): .*"))
                .anySatisfy(line -> assertThat(line).isEqualTo("Host: 127.0.0.1:" + server.port()));
        assertThat(received.values("User-Agent")).isEmpty();
        assertThat(received.values("Accept-Encoding")).isEmpty();
    }

    @Test
    void sendsNoContentTypeOfItsOwnWhenTheRequestHasNone() throws Exception {
        send(HttpRequest.builder().method("POST").uri(server.uri("/raw")).body(new byte[] {1, 2, 3}).build());

        RawHttpServer.Received received = server.take();
        assertThat(received.values("Content-Type")).isEmpty();
        assertThat(received.values("Content-Length")).containsExactly("3");
    }

    @Test
    void replacesARequestContentLengthHeaderWithTheBodysRealLength() throws Exception {
        send(HttpRequest.builder().method("POST").uri(server.uri("/len"))
                .header("Content-Length", "999").header("Transfer-Encoding", "chunked")
                .body(new byte[] {42, 43}).build());

        RawHttpServer.Received received = server.take();
        assertThat(received.values("Content-Length")).containsExactly("2");
        assertThat(received.values("Transfer-Encoding")).isEmpty();
        assertThat(received.body()).containsExactly(42, 43);
    }

    @Test
    void sendsContentLengthZeroForAPostWithoutBody() throws Exception {
        send(HttpRequest.builder().method("POST").uri(server.uri("/empty")).build());

        RawHttpServer.Received received = server.take();
        assertThat(received.values("Content-Length")).containsExactly("0");
        assertThat(received.body()).isEmpty();
    }

    @Test
    void sendsAll256ByteValuesUnchanged() throws Exception {
        byte[] body = new byte[512];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) i;
        }

        send(HttpRequest.builder().method("POST").uri(server.uri("/bin")).body(body).build());

        assertThat(server.take().body()).isEqualTo(body);
    }

    @Test
    void sendsAOneMebibyteBodyUnchanged() throws Exception {
        byte[] body = new byte[1 << 20];
        new Random(42).nextBytes(body);

        send(HttpRequest.builder().method("POST").uri(server.uri("/big")).body(body).build());

        RawHttpServer.Received received = server.take();
        assertThat(received.values("Content-Length")).containsExactly(String.valueOf(1 << 20));
        assertThat(received.body()).isEqualTo(body);
    }

    @Test
    void reusesPooledConnectionsForSequentialRequests() throws Exception {
        int before = server.connections();
        for (int i = 0; i < 10; i++) {
            send(HttpRequest.builder().uri(server.uri("/reuse/" + i)).build());
            server.take();
        }
        // The future completes a moment before the connection returns to the pool, so the next request may
        // open a second one; from then on one of the two is always free.
        assertThat(server.connections() - before).isLessThanOrEqualTo(2);
    }
}
