package io.rtm.transport.httpclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.rtm.core.error.RtmTimeoutException;
import io.rtm.core.error.RtmTransportException;
import io.rtm.core.spi.HttpRequest;
import io.rtm.core.spi.HttpResponse;
import io.rtm.core.spi.TransportConfig;
import java.io.OutputStream;
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
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Cancellation, concurrency, threads and close. */
class LifecycleTest {

    private static long liveThreads(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith(prefix))
                .count();
    }

    private static HttpRequest get(URI uri) {
        return HttpRequest.builder().uri(uri).build();
    }

    @Test
    @org.junit.jupiter.api.Disabled("open bug, intermittent under CPU load (12 of 400 tries): HttpClient's cancel "
            + "sometimes leaves the connection open until the response timeout; the future is cancelled all the same. "
            + "Same known deviation as HttpClientTransportConformanceTest.knownDeviations(); re-enable with the fix")
    void cancellingTheFutureAbortsTheExchangeAndClosesItsConnection() throws Exception {
        try (RawHttpServer server = RawHttpServer.start(RawHttpServer.silent());
             HttpClientTransport transport = HttpClientTransport.builder().build()) {
            CompletableFuture<HttpResponse> future = transport.execute(get(server.uri("/slow")));
            server.take();

            assertThat(future.cancel(true)).isTrue();

            assertThat(server.awaitClientClose(5_000)).as("server saw the connection closed").isTrue();
            assertThatThrownBy(future::join).isInstanceOf(CancellationException.class);
            // The transport is still usable afterwards.
            server.behavior(RawHttpServer.respond(200, List.of(), new byte[0]));
            assertThat(transport.execute(get(server.uri("/after"))).get(5, TimeUnit.SECONDS).status()).isEqualTo(200);
        }
    }

    @Test
    void twoHundredConcurrentRequestsAllComplete() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        ExecutorService handlers = Executors.newFixedThreadPool(8);
        server.setExecutor(handlers);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestURI().getRawPath().getBytes(StandardCharsets.UTF_8);
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try (HttpClientTransport transport = HttpClientTransport.builder()
                .config(TransportConfig.builder().maxConnections(50).maxConnectionsPerRoute(50).build()).build()) {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            List<CompletableFuture<HttpResponse>> futures = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                futures.add(transport.execute(HttpRequest.builder().method("POST").uri(URI.create(base + "/n/" + i))
                        .body(("{\"i\":" + i + "}").getBytes(StandardCharsets.UTF_8)).build()));
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            for (int i = 0; i < 200; i++) {
                HttpResponse response = futures.get(i).join();
                assertThat(response.status()).isEqualTo(200);
                assertThat(response.bodyAsString()).isEqualTo("/n/" + i);
            }
        } finally {
            server.stop(0);
            handlers.shutdownNow();
        }
    }

    @Test
    void usesTheConfiguredIoThreadsPlusOneBookkeepingThread() throws Exception {
        try (RawHttpServer server = RawHttpServer.ok();
             HttpClientTransport one = HttpClientTransport.builder().build();
             HttpClientTransport two = HttpClientTransport.builder().ioThreads(2).build()) {
            one.execute(get(server.uri("/a"))).get(5, TimeUnit.SECONDS);
            two.execute(get(server.uri("/a"))).get(5, TimeUnit.SECONDS);
            two.execute(get(server.uri("/b"))).get(5, TimeUnit.SECONDS);

            assertThat(liveThreads(one.threadNamePrefix())).isEqualTo(2);
            assertThat(liveThreads(two.threadNamePrefix())).isEqualTo(3);
            assertThat(one.threadNamePrefix()).startsWith("rtm-httpclient-io-");
        }
    }

    @Test
    void closeEndsEveryIoThreadAndFailsRequestsInFlight() throws Exception {
        try (RawHttpServer server = RawHttpServer.start(RawHttpServer.silent())) {
            HttpClientTransport transport = HttpClientTransport.builder().closeGracePeriod(Duration.ofMillis(200)).build();
            CompletableFuture<HttpResponse> inFlight = transport.execute(get(server.uri("/never")));
            server.take();
            assertThat(liveThreads(transport.threadNamePrefix())).isPositive();

            transport.close();

            assertThat(liveThreads(transport.threadNamePrefix())).isZero();
            assertThat(inFlight).isCompletedExceptionally();
            Throwable error = catchCause(inFlight);
            assertThat(error).isInstanceOf(RtmTransportException.class);
            assertThat(((RtmTransportException) error).mayHaveReachedService()).isTrue();
            assertThat(server.awaitClientClose(5_000)).as("connection closed").isTrue();
        }
    }

    @Test
    void closeFailsARequestStillConnectingAsTransportClosedThatNeverReachedTheService() throws Exception {
        // A listener whose accept queue is full drops SYNs: the request stays in the connect phase.
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> fillers = fillAcceptQueue(full);
            try {
                HttpClientTransport transport = HttpClientTransport.builder().closeGracePeriod(Duration.ofMillis(100)).build();
                CompletableFuture<HttpResponse> connecting = transport.execute(
                        get(URI.create("http://127.0.0.1:" + full.getLocalPort() + "/x")));

                transport.close();

                Throwable error = catchCause(connecting);
                assertThat(error).isExactlyInstanceOf(RtmTransportException.class).hasMessage("transport is closed");
                assertThat(((RtmTransportException) error).mayHaveReachedService()).isFalse();
                assertThat(liveThreads(transport.threadNamePrefix())).isZero();
            } finally {
                for (Socket s : fillers) {
                    s.close();
                }
            }
        }
    }

    static List<Socket> fillAcceptQueue(ServerSocket full) throws Exception {
        List<Socket> fillers = new ArrayList<>();
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), full.getLocalPort());
        for (int i = 0; i < 8; i++) {
            Socket s = new Socket();
            fillers.add(s);
            try {
                s.connect(address, 200);
            } catch (SocketTimeoutException e) {
                break;
            }
        }
        return fillers;
    }

    @Test
    void waitingLongerThanTheResponseTimeoutForAPooledConnectionIsAConnectTimeout() throws Exception {
        // The only connection stays busy: the server trickles a body for 1.5 s, never idle for 300 ms.
        try (RawHttpServer server = RawHttpServer.start((request, socket, out) -> {
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 15\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 15; i++) {
                out.write('x');
                out.flush();
                sleepQuietly(100);
            }
            return true;
        });
             HttpClientTransport transport = HttpClientTransport.create(TransportConfig.builder()
                     .maxConnections(1).maxConnectionsPerRoute(1).responseTimeout(Duration.ofMillis(300)).build())) {
            CompletableFuture<HttpResponse> busy = transport.execute(get(server.uri("/busy")));
            server.take();

            Throwable error = catchCause(transport.execute(get(server.uri("/waiting"))));

            assertThat(error).isExactlyInstanceOf(RtmTimeoutException.class).hasMessageContaining("no pooled connection");
            assertThat(((RtmTimeoutException) error).kind()).isEqualTo(RtmTimeoutException.Kind.CONNECT);
            assertThat(busy.get(5, TimeUnit.SECONDS).bodyAsString()).isEqualTo("xxxxxxxxxxxxxxx");
            assertThat(server.pending()).isZero();
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void executeAfterCloseFailsAsTransportClosedAndCloseIsIdempotent() throws Exception {
        HttpClientTransport transport = HttpClientTransport.builder().build();
        transport.close();
        transport.close();

        Throwable error = catchCause(transport.execute(get(URI.create("http://127.0.0.1:9/x"))));

        assertThat(error).isExactlyInstanceOf(RtmTransportException.class).hasMessage("transport is closed");
        assertThat(((RtmTransportException) error).mayHaveReachedService()).isFalse();
        assertThat(liveThreads(transport.threadNamePrefix())).isZero();
    }

    @Test
    void completesOnTheGivenCompletionExecutor() throws Exception {
        ExecutorService callbacks = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-callbacks"));
        CountDownLatch answer = new CountDownLatch(1);
        try (RawHttpServer server = RawHttpServer.start((request, socket, out) -> {
            awaitQuietly(answer);
            RawHttpServer.writeResponse(out, 200, List.of(), new byte[0]);
            return true;
        });
             HttpClientTransport transport = HttpClientTransport.builder().completionExecutor(callbacks).build()) {
            // The stage is registered before the response exists, so it runs where the future completes.
            CompletableFuture<String> thread = transport.execute(get(server.uri("/cb")))
                    .thenApply(r -> Thread.currentThread().getName());
            answer.countDown();

            assertThat(thread.get(5, TimeUnit.SECONDS)).isEqualTo("test-callbacks");
        } finally {
            callbacks.shutdownNow();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Throwable catchCause(CompletableFuture<?> future) throws Exception {
        try {
            future.get(5, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure");
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }
}
