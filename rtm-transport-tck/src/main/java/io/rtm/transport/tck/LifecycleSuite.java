package io.rtm.transport.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.rtm.core.error.RtmException;
import io.rtm.core.error.RtmTransportException;
import io.rtm.core.spi.HttpResponse;
import io.rtm.core.spi.Transport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code close()}: idempotent; requests after it fail at once and send nothing; requests in flight fail saying they
 * may have reached the service, and their connections close; idle connections close; the transport's threads end;
 * and 200 cycles of create, use and close leave no thread and no file descriptor behind, without waiting for a GC.
 *
 * <pre>{@code
 * class MyTransportLifecycleTest extends LifecycleSuite {
 *     protected Transport createTransport(TransportConfig config) {
 *         return MyTransport.create(config);
 *     }
 * }
 * }</pre>
 *
 * <p>{@link TransportConformanceSuite} runs this suite together with the others.
 */
public abstract class LifecycleSuite extends TransportSuite {

    private static final int LEAK_CYCLES = 200;
    /** Unrelated JVM activity (a lazily started JDK thread, a class file being read) may move the counts this much. */
    private static final int LEAK_SLACK = 10;

    /** For subclasses. */
    protected LifecycleSuite() {
    }

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

    /** After {@code close()}: a failed future (never a throw) saying nothing reached the service; nothing sent. */
    @Test
    void executeAfterCloseFailsTheFutureAndSendsNothing() {
        Transport transport = transport();
        transport.close();

        RtmException error = failure(executeWithoutThrowing(transport, secretRequest("POST", "/closed").build()));

        assertThat(error).isExactlyInstanceOf(RtmTransportException.class);
        assertThat(((RtmTransportException) error).mayHaveReachedService()).isFalse();
        assertThat(server().requestCount()).isZero();
    }

    /**
     * {@code close()} fails requests still in flight with an {@link RtmTransportException} saying they may have
     * reached the service (the server read them), and closes their connections.
     */
    @Test
    void closeFailsRequestsInFlightAndClosesTheirConnections() {
        server().handler(LoopbackHttpServer.silent());
        Transport transport = transport();
        List<CompletableFuture<HttpResponse>> inFlight = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            inFlight.add(transport.execute(secretRequest("POST", "/in-flight/" + i).body(new byte[] {(byte) i}).build()));
        }
        for (int i = 0; i < 3; i++) {
            server().takeRequest();
        }

        transport.close();

        for (CompletableFuture<HttpResponse> future : inFlight) {
            RtmException error = failure(future);
            assertThat(error).isExactlyInstanceOf(RtmTransportException.class);
            assertThat(((RtmTransportException) error).mayHaveReachedService()).isTrue();
        }
        assertThat(server().awaitAllConnectionsClosed(closeBound())).as("the server saw every connection closed").isTrue();
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
        futures.forEach(TransportSuite::await);
        send(transport, request("GET", "/idle/again"));

        transport.close();

        assertThat(server().awaitAllConnectionsClosed(closeBound())).as("the server saw every connection closed").isTrue();
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

        long deadline = System.nanoTime() + closeBound().toNanos();
        while (!liveThreads(prefix.get()).isEmpty() && System.nanoTime() < deadline) {
            sleep(20);
        }
        assertThat(liveThreads(prefix.get())).as("live threads named %s* after close()", prefix.get()).isEmpty();
    }

    /**
     * 200 cycles of create, one request, close: afterwards the JVM has no more live threads (the kit's own server
     * threads aside) and, on Linux ({@code /proc/self/fd}), no more open file descriptors than before, give or take
     * {@value #LEAK_SLACK}, without a garbage collection. A transport that leaves a thread, a selector or a connection
     * to the GC leaves 200 of them. Elsewhere than Linux the descriptor check is skipped, with a message.
     */
    @Test
    void twoHundredCreateUseCloseCyclesLeaveNoThreadOrFileDescriptorBehind() {
        try (Transport warmUp = createTransport(defaultConfig())) {
            send(warmUp, request("GET", "/warm-up")); // JVM-wide threads started lazily on first use belong to the baseline
        }
        waitUntil(() -> false, Duration.ofMillis(200));
        int threadsBefore = threadsOutsideTheKit();
        long fdsBefore = openFileDescriptors();

        for (int i = 0; i < LEAK_CYCLES; i++) {
            try (Transport transport = createTransport(defaultConfig())) {
                send(transport, request("GET", "/cycle/" + i));
            }
        }

        waitUntil(() -> threadsOutsideTheKit() <= threadsBefore + LEAK_SLACK
                && openFileDescriptors() <= fdsBefore + LEAK_SLACK, closeBound());
        assertThat(threadsOutsideTheKit()).as("live threads after %d create/use/close cycles (before: %d)", LEAK_CYCLES, threadsBefore)
                .isLessThanOrEqualTo(threadsBefore + LEAK_SLACK);
        assumeTrue(fdsBefore >= 0, "no /proc/self/fd on this OS: file descriptors not checked (threads were)");
        assertThat(openFileDescriptors()).as("open file descriptors after %d create/use/close cycles (before: %d)", LEAK_CYCLES, fdsBefore)
                .isLessThanOrEqualTo(fdsBefore + LEAK_SLACK);
    }

    /** Live threads, the kit's loopback server threads excepted (they outlive their connections in a cached pool). */
    private static int threadsOutsideTheKit() {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && !t.getName().startsWith(LoopbackHttpServer.THREAD_PREFIX))
                .count();
    }

    /** Entries in /proc/self/fd, or -1 where there is no such directory. */
    private static long openFileDescriptors() {
        Path fds = Path.of("/proc/self/fd");
        if (!Files.isDirectory(fds)) {
            return -1;
        }
        try (Stream<Path> entries = Files.list(fds)) {
            return entries.count();
        } catch (IOException e) {
            return -1;
        }
    }

    private static void waitUntil(BooleanSupplier condition, Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            sleep(20);
        }
    }
}
