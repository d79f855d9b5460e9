package io.rtm.transport.jdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtm.core.error.RtmTimeoutException;
import io.rtm.core.error.RtmTransportException;
import io.rtm.core.spi.HttpRequest;
import io.rtm.core.spi.HttpResponse;
import io.rtm.core.spi.TransportConfig;
import io.rtm.transport.tck.LoopbackHttpServer;
import io.rtm.transport.tck.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the JDK client changes or refuses on the wire, and the limits this transport adds. */
class WireTest {

    private LoopbackHttpServer server;
    private JdkHttpTransport transport;

    @BeforeEach
    void start() {
        server = LoopbackHttpServer.start();
        transport = JdkHttpTransport.builder().maxResponseBytes(1024)
                .config(TransportConfig.builder().responseTimeout(Duration.ofMillis(500)).build()).build();
    }

    @AfterEach
    void stop() {
        transport.close();
        server.close();
    }

    private CompletableFuture<HttpResponse> send(HttpRequest.Builder request) {
        return transport.execute(request.build());
    }

    private static Throwable failure(CompletableFuture<HttpResponse> future) throws Exception {
        try {
            HttpResponse response = future.get(10, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure, got " + response);
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    @Test
    void dropsTheHeadersTheJdkRefusesToSetAndSendsItsOwnFraming() throws Exception {
        HttpResponse response = send(HttpRequest.builder().method("POST").uri(server.uri("/restricted"))
                .header("Host", "evil.example").header("Connection", "close").header("Expect", "100-continue")
                .header("Upgrade", "h2c").header("Content-Length", "999").header("Transfer-Encoding", "chunked")
                .header("X-Kept", "yes").body(new byte[] {1, 2, 3})).get(5, TimeUnit.SECONDS);

        assertThat(response.status()).isEqualTo(200);
        RecordedRequest received = server.takeRequest();
        assertThat(received.values("Host")).containsExactly("127.0.0.1:" + server.port());
        assertThat(received.values("Content-Length")).containsExactly("3");
        assertThat(received.values("Connection")).isEmpty();
        assertThat(received.values("Expect")).isEmpty();
        assertThat(received.values("Upgrade")).isEmpty();
        assertThat(received.values("Transfer-Encoding")).isEmpty();
        assertThat(received.values("X-Kept")).containsExactly("yes");
        assertThat(received.body()).containsExactly(1, 2, 3);
    }

    @Test
    void sendsTheJdkUserAgentOnlyWhenTheRequestHasNone() throws Exception {
        send(HttpRequest.builder().uri(server.uri("/ua"))).get(5, TimeUnit.SECONDS);
        assertThat(server.takeRequest().values("User-Agent")).singleElement().asString().startsWith("Java-http-client/");

        send(HttpRequest.builder().uri(server.uri("/ua")).header("User-Agent", "rtm-java/0.1.0")).get(5, TimeUnit.SECONDS);
        assertThat(server.takeRequest().values("User-Agent")).containsExactly("rtm-java/0.1.0");
    }

    @Test
    void refusesAnEmptyQueryItCouldNotSendUnchangedAndSendsNothing() throws Exception {
        Throwable error = failure(send(HttpRequest.builder().uri(server.uri("/q?"))));

        assertThat(error).isExactlyInstanceOf(RtmTransportException.class).hasMessageContaining("empty query");
        assertThat(((RtmTransportException) error).mayHaveReachedService()).isFalse();
        assertThat(server.requestCount()).isZero();
    }

    @Test
    void failsAfterSendWhenTheDeclaredBodyExceedsTheLimit() throws Exception {
        server.handler(LoopbackHttpServer.respond(200, List.of(), new byte[1025]));

        Throwable error = failure(send(HttpRequest.builder().uri(server.uri("/too-big"))));

        assertThat(error).isExactlyInstanceOf(RtmTransportException.class).hasMessageContaining("limit of 1024 bytes");
        assertThat(((RtmTransportException) error).mayHaveReachedService()).isTrue();
    }

    @Test
    void failsAfterSendWhenAChunkedBodyGrowsPastTheLimit() throws Exception {
        server.handler(LoopbackHttpServer.slowly(Duration.ZERO, 200, List.of(), new byte[4096], 8, Duration.ZERO));

        Throwable error = failure(send(HttpRequest.builder().uri(server.uri("/chunked-too-big"))));

        assertThat(error).isExactlyInstanceOf(RtmTransportException.class).hasMessageContaining("limit of 1024 bytes");
    }

    @Test
    void acceptsABodyOfExactlyTheLimit() throws Exception {
        byte[] body = new byte[1024];
        body[1023] = 7;
        server.handler(LoopbackHttpServer.respond(200, List.of(), body));

        assertThat(send(HttpRequest.builder().uri(server.uri("/limit"))).get(5, TimeUnit.SECONDS).body()).isEqualTo(body);
    }

    @Test
    void theResponseTimeoutAlsoBoundsABodyThatStallsAfterTheHead() throws Exception {
        server.handler((request, exchange) -> exchange.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly-part"));

        Throwable error = failure(send(HttpRequest.builder().uri(server.uri("/stall"))));

        assertThat(error).isExactlyInstanceOf(RtmTimeoutException.class)
                .hasMessageContaining("no complete response body within 500 ms of its head");
        assertThat(((RtmTimeoutException) error).kind()).isEqualTo(RtmTimeoutException.Kind.RESPONSE);
        assertThat(server.awaitAllConnectionsClosed(Duration.ofSeconds(5))).as("the stalled connection was closed").isTrue();
    }

    @Test
    void returnsResponseHeaderNamesInLowerCaseGroupedByName() throws Exception {
        server.handler(LoopbackHttpServer.respond(200, List.of("X-Multi: one", "X-Request-Id: abc", "x-multi: two"), new byte[0]));

        HttpResponse response = send(HttpRequest.builder().uri(server.uri("/headers"))).get(5, TimeUnit.SECONDS);

        assertThat(response.headers().allValues("X-Multi")).containsExactly("one", "two");
        assertThat(response.headers().asList()).extracting(h -> h.name())
                .containsExactly("content-length", "x-multi", "x-multi", "x-request-id");
    }
}
