package io.rtm.transport.httpclient;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtm.core.error.RtmException;
import io.rtm.core.error.RtmTimeoutException;
import io.rtm.core.error.RtmTransportException;
import io.rtm.core.spi.HttpRequest;
import io.rtm.core.spi.HttpResponse;
import io.rtm.core.spi.TransportConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every failure is typed, says whether the request may have reached the service, and leaks no secret. */
class FailureMappingTest {

    private static final String SECRET = "c2VjcmV0LWFwaS1zZWNyZXQ";
    private static final String TOKEN = "006-token-value-must-not-leak";

    private static HttpClientTransport transport;

    @BeforeAll
    static void start() {
        transport = HttpClientTransport.builder().config(TransportConfig.builder()
                .connectTimeout(Duration.ofMillis(300))
                .responseTimeout(Duration.ofMillis(300))
                .build()).build();
    }

    @AfterAll
    static void stop() {
        transport.close();
    }

    private static HttpRequest request(URI uri) {
        return HttpRequest.builder().method("POST").uri(uri)
                .header("Content-Type", "application/json;charset=utf-8")
                .header("Authorization", "Basic " + SECRET)
                .header("x-ar-token", TOKEN)
                .body("{\"payload\":\"p\"}".getBytes(StandardCharsets.UTF_8))
                .build();
    }

    private static RtmException failure(CompletableFuture<HttpResponse> future) throws Exception {
        try {
            HttpResponse response = future.get(10, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure, got " + response);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(RtmException.class);
            RtmException error = (RtmException) e.getCause();
            assertThat(error.getMessage()).doesNotContain(SECRET).doesNotContain(TOKEN).doesNotContain("/users/");
            assertThat(error.toString()).doesNotContain(SECRET).doesNotContain(TOKEN);
            assertThat(error.httpStatus()).isZero();
            return error;
        }
    }

    @Test
    void connectionRefusedIsConnectFailedThatNeverReachedTheService() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }

        RtmException error = failure(transport.execute(request(URI.create("http://127.0.0.1:" + port + "/users/u1/peer_messages"))));

        assertThat(error).isExactlyInstanceOf(RtmTransportException.class)
                .hasMessageContaining("POST http://127.0.0.1:" + port).hasMessageContaining("refused");
        assertThat(((RtmTransportException) error).mayHaveReachedService()).isFalse();
    }

    @Test
    void connectTimeoutIsAConnectKindTimeout() throws Exception {
        // A listener whose accept queue is full drops new SYNs, so connecting hangs until the client gives up.
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> fillers = LifecycleTest.fillAcceptQueue(full);
            try {
                RtmException error = failure(transport.execute(
                        request(URI.create("http://127.0.0.1:" + full.getLocalPort() + "/users/u1/peer_messages"))));

                assertThat(error).isExactlyInstanceOf(RtmTimeoutException.class).hasMessageContaining("300 ms");
                assertThat(((RtmTimeoutException) error).kind()).isEqualTo(RtmTimeoutException.Kind.CONNECT);
                assertThat(((RtmTimeoutException) error).mayHaveReachedService()).isFalse();
            } finally {
                for (Socket s : fillers) {
                    s.close();
                }
            }
        }
    }

    @Test
    void noResponseWithinTheResponseTimeoutIsAResponseKindTimeout() throws Exception {
        try (RawHttpServer server = RawHttpServer.start(RawHttpServer.silent())) {
            RtmException error = failure(transport.execute(request(server.uri("/users/u1/peer_messages"))));

            assertThat(error).isExactlyInstanceOf(RtmTimeoutException.class).hasMessageContaining("no response within 300 ms");
            assertThat(((RtmTimeoutException) error).kind()).isEqualTo(RtmTimeoutException.Kind.RESPONSE);
            assertThat(server.take().target()).isEqualTo("/users/u1/peer_messages");
        }
    }

    @Test
    void resetAfterTheRequestWasReadIsAfterSend() throws Exception {
        try (RawHttpServer server = RawHttpServer.start(RawHttpServer.reset())) {
            RtmException error = failure(transport.execute(request(server.uri("/users/u1/peer_messages"))));

            assertThat(error).isExactlyInstanceOf(RtmTransportException.class)
                    .hasMessageContaining("POST http://127.0.0.1:" + server.port());
            assertThat(((RtmTransportException) error).mayHaveReachedService()).isTrue();
            server.take();
        }
    }

    @Test
    void closeWithoutAResponseIsAfterSend() throws Exception {
        try (RawHttpServer server = RawHttpServer.start((request, socket, out) -> false)) {
            RtmException error = failure(transport.execute(request(server.uri("/users/u1/peer_messages"))));

            assertThat(error).isExactlyInstanceOf(RtmTransportException.class);
            assertThat(((RtmTransportException) error).mayHaveReachedService()).isTrue();
        }
    }

    @Test
    void truncatedResponseBodyIsAfterSend() throws Exception {
        try (RawHttpServer server = RawHttpServer.start((request, socket, out) -> {
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly-part".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return false;
        })) {
            RtmException error = failure(transport.execute(request(server.uri("/users/u1/peer_messages"))));

            assertThat(error).isExactlyInstanceOf(RtmTransportException.class);
            assertThat(((RtmTransportException) error).mayHaveReachedService()).isTrue();
        }
    }

    @Test
    void aNonHttpUriFailsTheFutureWithoutThrowing() throws Exception {
        CompletableFuture<HttpResponse> future = transport.execute(request(URI.create("ftp://127.0.0.1/x")));

        RtmException error = failure(future);
        assertThat(error).isExactlyInstanceOf(RtmTransportException.class).hasMessageContaining("http or https");
        assertThat(((RtmTransportException) error).mayHaveReachedService()).isFalse();
    }

    @Test
    void aRelativeUriFailsTheFutureWithoutThrowing() throws Exception {
        RtmException error = failure(transport.execute(request(URI.create("/users/u1/peer_messages"))));

        assertThat(((RtmTransportException) error).mayHaveReachedService()).isFalse();
    }

    @Test
    void theTransportIsReusableAfterFailures() throws Exception {
        try (RawHttpServer server = RawHttpServer.ok()) {
            HttpResponse response = transport.execute(request(server.uri("/users/u1/peer_messages"))).get(10, TimeUnit.SECONDS);
            assertThat(response.status()).isEqualTo(200);
        }
    }

    @Test
    void exchangeDescriptionNamesMethodSchemeHostAndPortOnly() throws IOException {
        Exchange exchange = Exchange.of(request(URI.create("https://api.example.test/dev/v2/project/app/rtm/users/u1/peer_messages?wait_for_ack=true")),
                new CompletableFuture<>(), new TargetCache());
        assertThat(exchange.describe()).isEqualTo("POST https://api.example.test:443");
        Exchange ipv6 = Exchange.of(request(URI.create("http://[::1]:8080/x")), new CompletableFuture<>(), new TargetCache());
        assertThat(ipv6.describe()).isEqualTo("POST http://[::1]:8080");
    }
}
