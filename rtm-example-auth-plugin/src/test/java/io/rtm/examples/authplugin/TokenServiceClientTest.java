package io.rtm.examples.authplugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.rtm.auth.IssuedToken;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TokenServiceClientTest {

    @Test
    void readsTheTokenAndItsExpiryIgnoringOtherFields() {
        IssuedToken t = TokenServiceClient.parse(
                "{\"issuer\":{\"a\":[1,2]},\"token\":\"006abc\",\"expires_at\":1767225600}".getBytes(StandardCharsets.UTF_8));
        assertThat(t.token()).isEqualTo("006abc");
        assertThat(t.expiresAt()).isEqualTo(Instant.ofEpochSecond(1767225600));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "006SECRETTOKEN",                                      // not JSON
        "{\"token\":\"006SECRETTOKEN\"}",                      // no expiry
        "{\"token\":\"006SECRETTOKEN\",\"expires_at\":\"soon\"}", // expiry not a number
        "{\"token\":\"\",\"expires_at\":1767225600}",          // empty token
        "{\"token\":\"006SECRETTOKEN\",\"expires_at\":1767225600",  // truncated
        "[\"006SECRETTOKEN\"]"})
    void refusesAMalformedAnswerWithoutQuotingIt(String body) {
        assertThatThrownBy(() -> TokenServiceClient.parse(body.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(TokenServiceException.class)
                .hasNoCause()
                .hasMessage("the token service's answer is not {\"token\": string, \"expires_at\": epoch seconds}");
    }

    @Test
    void sendsTheUidAsJsonAndRefusesAnAnswerOverTheLimit() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        CompletableFuture<String> received = new CompletableFuture<>();
        server.createContext("/t", exchange -> {
            received.complete(exchange.getRequestMethod() + " " + exchange.getRequestHeaders().getFirst("Content-Type") + " "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, 0); // chunked: no length to check up front
            byte[] chunk = new byte[1024];
            java.util.Arrays.fill(chunk, (byte) ' ');
            try (var out = exchange.getResponseBody()) {
                for (int i = 0; i < 64; i++) {
                    out.write(chunk);
                }
            } catch (java.io.IOException ignored) {
                // the client hung up once it had too much
            }
        });
        server.start();
        try (TokenServiceClient client = new TokenServiceClient(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/t"), Duration.ofSeconds(5))) {
            CompletableFuture<IssuedToken> fetch = client.fetch("al\"ice").toCompletableFuture();
            assertThatThrownBy(() -> fetch.get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause().hasMessageContaining("larger than 16384 bytes");
            assertThat(received.get(5, TimeUnit.SECONDS)).isEqualTo("POST application/json {\"uid\":\"al\\\"ice\"}");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void failsWithTheStatusWhenTheServiceAnswersOtherThan200() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/t", exchange -> {
            byte[] body = "{\"token\":\"006SECRETTOKEN\",\"expires_at\":1767225600}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(403, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try (TokenServiceClient client = new TokenServiceClient(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/t"), Duration.ofSeconds(5))) {
            assertThatThrownBy(() -> client.fetch("alice").toCompletableFuture().get(10, TimeUnit.SECONDS))
                    .cause().isInstanceOf(TokenServiceException.class)
                    .hasMessage("the token service answered HTTP 403");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void timesOutWhenTheServiceNeverAnswers() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        CompletableFuture<Void> release = new CompletableFuture<>();
        server.createContext("/t", exchange -> {
            release.join(); // hold the request until the test is over
            exchange.close();
        });
        server.start();
        try (TokenServiceClient client = new TokenServiceClient(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/t"), Duration.ofMillis(300))) {
            assertThatThrownBy(() -> client.fetch("alice").toCompletableFuture().get(10, TimeUnit.SECONDS))
                    .cause().isInstanceOf(java.net.http.HttpTimeoutException.class);
        } finally {
            release.complete(null);
            server.stop(0);
        }
    }

    @Test
    void completesOnItsOwnThreads() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        CompletableFuture<Void> attached = new CompletableFuture<>();
        server.createContext("/t", exchange -> {
            attached.join(); // answer only once the test's continuation is attached
            byte[] body = "{\"token\":\"006x\",\"expires_at\":1767225600}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try (TokenServiceClient client = new TokenServiceClient(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/t"), Duration.ofSeconds(5))) {
            CompletableFuture<String> thread = client.fetch("alice").toCompletableFuture()
                    .thenApply(token -> Thread.currentThread().getName());
            attached.complete(null);
            assertThat(thread.get(10, TimeUnit.SECONDS)).startsWith("company-token-http-");
        } finally {
            attached.complete(null);
            server.stop(0);
        }
    }

    @Test
    void closeStopsItsThreads() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/t", exchange -> {
            byte[] body = "{\"token\":\"006x\",\"expires_at\":1767225600}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            TokenServiceClient client = new TokenServiceClient(
                    URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/t"), Duration.ofSeconds(5));
            assertThat(client.fetch("alice").toCompletableFuture().get(10, TimeUnit.SECONDS).token()).isEqualTo("006x");
            String prefix = "company-token-http-";
            assertThat(threadsNamed(prefix)).isPositive();
            client.close();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (threadsNamed(prefix) > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(threadsNamed(prefix)).isZero();
            assertThatThrownBy(() -> client.fetch("alice").toCompletableFuture().get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class);
        } finally {
            server.stop(0);
        }
    }

    private static long threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith(prefix) && t.isAlive()).count();
    }
}
