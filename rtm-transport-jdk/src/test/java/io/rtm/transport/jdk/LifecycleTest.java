package io.rtm.transport.jdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtm.core.error.RtmTransportException;
import io.rtm.core.spi.HttpRequest;
import io.rtm.core.spi.HttpResponse;
import io.rtm.transport.tck.LoopbackHttpServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Threads, executors and close. */
class LifecycleTest {

    private static List<String> liveThreads(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith(prefix))
                .map(Thread::getName)
                .toList();
    }

    private static HttpRequest get(LoopbackHttpServer server, String path) {
        return HttpRequest.builder().uri(server.uri(path)).build();
    }

    @Test
    void runsOnItsOwnTwoDaemonThreadsNamedRtmJdkHttpAndEndsThemOnClose() throws Exception {
        try (LoopbackHttpServer server = LoopbackHttpServer.start()) {
            JdkHttpTransport transport = JdkHttpTransport.create(io.rtm.core.spi.TransportConfig.defaults());
            String prefix = transport.threadNamePrefix();
            List<CompletableFuture<String>> completedOn = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                completedOn.add(transport.execute(get(server, "/t/" + i)).thenApply(r -> Thread.currentThread().getName()));
            }
            for (CompletableFuture<String> f : completedOn) {
                assertThat(f.get(10, TimeUnit.SECONDS)).startsWith(prefix);
            }

            assertThat(prefix).matches("rtm-jdk-http-\\d+-");
            assertThat(liveThreads(prefix)).hasSizeBetween(1, 2);
            assertThat(Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith(prefix)))
                    .allSatisfy(t -> assertThat(t.isDaemon()).isTrue());

            transport.close();

            assertThat(liveThreads(prefix)).isEmpty();
        }
    }

    @Test
    void completesOnAGivenExecutorAndLeavesItRunningOnClose() throws Exception {
        ExecutorService callbacks = Executors.newFixedThreadPool(2, r -> new Thread(r, "test-callbacks"));
        CountDownLatch answer = new CountDownLatch(1);
        try (LoopbackHttpServer server = LoopbackHttpServer.start((request, exchange) -> {
            answer.await(5, TimeUnit.SECONDS);
            exchange.respond(200, List.of(), new byte[0]);
        })) {
            JdkHttpTransport transport = JdkHttpTransport.builder().executor(callbacks).build();
            // Registered before the response exists, so it runs where the future completes.
            CompletableFuture<String> thread = transport.execute(get(server, "/cb")).thenApply(r -> Thread.currentThread().getName());
            server.takeRequest();
            answer.countDown();

            assertThat(thread.get(5, TimeUnit.SECONDS)).isEqualTo("test-callbacks");
            assertThat(liveThreads(transport.threadNamePrefix())).isEmpty();
            assertThat(transport.toString()).contains("given executor");

            transport.close();

            assertThat(callbacks.isShutdown()).isFalse();
            assertThat(callbacks.submit(() -> "still running").get(5, TimeUnit.SECONDS)).isEqualTo("still running");
        } finally {
            callbacks.shutdownNow();
        }
    }

    @Test
    void closeLetsARunningExchangeFinishWithinTheGracePeriod() throws Exception {
        try (LoopbackHttpServer server = LoopbackHttpServer.start(LoopbackHttpServer.slowly(Duration.ofMillis(200), 200,
                List.of(), "done".getBytes(StandardCharsets.UTF_8), 1, Duration.ZERO))) {
            JdkHttpTransport transport = JdkHttpTransport.builder().closeGracePeriod(Duration.ofSeconds(3)).build();
            CompletableFuture<HttpResponse> running = transport.execute(get(server, "/finishing"));
            server.takeRequest();

            transport.close();

            assertThat(running.get(1, TimeUnit.SECONDS).bodyAsString()).isEqualTo("done");
        }
    }

    @Test
    void executeAfterCloseFailsWithTransportIsClosed() throws Exception {
        JdkHttpTransport transport = JdkHttpTransport.builder().build();
        transport.close();

        CompletableFuture<HttpResponse> future = transport.execute(HttpRequest.builder()
                .uri(java.net.URI.create("http://127.0.0.1:9/x")).build());

        try {
            future.get(5, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure");
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isExactlyInstanceOf(RtmTransportException.class).hasMessage("transport is closed");
        }
    }

    /**
     * close() ends the JDK client's selector thread and closes its idle connections before it returns, on Java 17
     * (which has no {@code HttpClient.shutdownNow()}) as on 21+, without a garbage collection.
     */
    @Test
    void closeEndsTheSelectorThreadAndClosesIdleConnectionsWithoutAGarbageCollection() throws Exception {
        try (LoopbackHttpServer server = LoopbackHttpServer.start()) {
            JdkHttpTransport transport = JdkHttpTransport.builder().build();
            List<CompletableFuture<HttpResponse>> futures = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                futures.add(transport.execute(get(server, "/idle/" + i)));
            }
            for (CompletableFuture<HttpResponse> f : futures) {
                f.get(5, TimeUnit.SECONDS);
            }
            assertThat(server.openConnectionCount()).isPositive();
            Thread selector = JdkHttpTransport.selectorThreadOf((java.net.http.HttpClient) clientOf(transport));
            assertThat(selector).as("the client's selector thread").isNotNull();

            transport.close();

            assertThat(selector.isAlive()).as("%s alive after close()", selector.getName()).isFalse();
            assertThat(server.awaitAllConnectionsClosed(Duration.ofSeconds(2))).as("idle connections closed").isTrue();
        }
    }

    private static Object clientOf(JdkHttpTransport transport) throws ReflectiveOperationException {
        java.lang.reflect.Field field = JdkHttpTransport.class.getDeclaredField("client");
        field.setAccessible(true);
        return field.get(transport);
    }
}
