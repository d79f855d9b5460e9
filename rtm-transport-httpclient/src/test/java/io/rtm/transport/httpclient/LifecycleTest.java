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
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
    void cancellingAnExchangeOnAReusedKeepAliveConnectionClosesThatConnection() throws Exception {
        try (RawHttpServer server = RawHttpServer.start((request, socket, out) -> {
            if (request.target().equals("/first")) {
                RawHttpServer.writeResponse(out, 200, List.of(), new byte[0]);
            }
            return true; // anything else: silence
        });
             HttpClientTransport transport = HttpClientTransport.builder().build()) {
            assertThat(transport.execute(get(server.uri("/first"))).get(5, TimeUnit.SECONDS).status()).isEqualTo(200);
            assertThat(server.take().connection()).isEqualTo(1);
            // HttpClient pools the connection just after completing the future: a request sent in between gets a
            // new connection (its cancel must close that one). Retry until a request goes out on connection 1.
            CompletableFuture<HttpResponse> future = null;
            RawHttpServer.Received sent = null;
            for (int attempt = 0; attempt < 5 && (sent == null || sent.connection() != 1); attempt++) {
                future = transport.execute(get(server.uri("/second")));
                sent = server.take();
                if (sent.connection() != 1) {
                    assertThat(future.cancel(true)).isTrue();
                    assertThat(server.awaitClientClose(sent.connection(), 5_000)).isTrue();
                }
            }
            assertThat(sent.connection()).as("a request went out on the pooled connection").isEqualTo(1);

            assertThat(future.cancel(true)).isTrue();

            assertThat(server.awaitClientClose(1, 5_000)).as("server saw the reused connection closed").isTrue();
            assertThatThrownBy(future::join).isInstanceOf(CancellationException.class);
        }
    }

    @Test
    void everyCancelledExchangeClosesItsConnectionWhereverTheCancelLandsUnderCpuLoad() throws Exception {
        int iterations = 300;
        AtomicBoolean loading = new AtomicBoolean(true);
        List<Thread> spinners = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Thread spinner = new Thread(() -> {
                long x = 0;
                while (loading.get()) {
                    x += System.nanoTime() % 7;
                }
                if (x == 42) {
                    System.err.print("");
                }
            }, "test-cpu-load-" + i);
            spinner.setDaemon(true);
            spinner.start();
            spinners.add(spinner);
        }
        Random random = new Random(2024);
        try (RawHttpServer server = RawHttpServer.start(RawHttpServer.silent());
             HttpClientTransport transport = HttpClientTransport.create(TransportConfig.builder()
                     .maxConnections(iterations).maxConnectionsPerRoute(iterations).build())) {
            for (int i = 0; i < iterations; i++) {
                CompletableFuture<HttpResponse> future = transport.execute(get(server.uri("/cancel/" + i)));
                switch (random.nextInt(4)) {
                    case 0 -> { } // while leasing or connecting
                    case 1 -> Thread.sleep(0, random.nextInt(1_000_000)); // anywhere up to the write
                    default -> { // after the server read the request
                        server.take();
                        if (random.nextBoolean()) {
                            Thread.sleep(0, random.nextInt(500_000));
                        }
                    }
                }

                assertThat(future.cancel(true)).isTrue();

                for (int c = 1; c <= server.connections(); c++) {
                    assertThat(server.awaitClientClose(c, 5_000))
                            .as("iteration %d: the server saw connection %d closed", i, c).isTrue();
                }
                assertThatThrownBy(future::join).isInstanceOf(CancellationException.class);
            }
        } finally {
            loading.set(false);
            for (Thread spinner : spinners) {
                spinner.join();
            }
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
    void theReactorChecksTimeoutsEveryTenthOfTheShortestTimeoutBetween10MsAnd1S() {
        assertThat(HttpClientTransport.selectInterval(TransportConfig.builder()
                .connectTimeout(Duration.ofMillis(300)).responseTimeout(Duration.ofMillis(200)).build()).toMilliseconds()).isEqualTo(20);
        assertThat(HttpClientTransport.selectInterval(TransportConfig.defaults()).toMilliseconds()).isEqualTo(500);
        assertThat(HttpClientTransport.selectInterval(TransportConfig.builder()
                .connectTimeout(Duration.ofMillis(50)).build()).toMilliseconds()).isEqualTo(10);
        assertThat(HttpClientTransport.selectInterval(TransportConfig.builder()
                .connectTimeout(Duration.ofMinutes(1)).responseTimeout(Duration.ofMinutes(5)).build()).toMilliseconds()).isEqualTo(1_000);
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
