package io.rtm.transport.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtm.core.spi.HttpResponse;
import io.rtm.core.spi.Transport;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code execute} is asynchronous: it returns before the response exists, and cancelling its future aborts the
 * exchange and closes the connection it went out on, also a kept-alive one.
 *
 * <pre>{@code
 * class MyTransportCancellationTest extends CancellationSuite {
 *     protected Transport createTransport(TransportConfig config) {
 *         return MyTransport.create(config);
 *     }
 * }
 * }</pre>
 *
 * <p>{@link TransportConformanceSuite} runs this suite together with the others.
 */
public abstract class CancellationSuite extends TransportSuite {

    /** For subclasses. */
    protected CancellationSuite() {
    }

    /** {@code execute} returns before the response exists: it never waits for the server(). */
    @Test
    void executeReturnsBeforeTheResponseArrives() throws InterruptedException {
        CountDownLatch answer = new CountDownLatch(1);
        server().handler((request, exchange) -> {
            answer.await(WAIT_SECONDS, TimeUnit.SECONDS);
            exchange.respond(200, List.of(), "late".getBytes(StandardCharsets.UTF_8));
        });

        CompletableFuture<HttpResponse> future = transport().execute(request("GET", "/late").build());

        server().takeRequest();
        assertThat(future).isNotDone();
        answer.countDown();
        assertThat(await(future).bodyAsString()).isEqualTo("late");
    }

    /**
     * Cancelling the future aborts the exchange: the server sees the connection it went out on closed, also when
     * that is a kept-alive connection an earlier exchange used; the transport stays usable.
     */
    @Test
    void cancellingTheFutureAbortsTheExchange() {
        server().handler(LoopbackHttpServer.silent());
        Transport transport = transport();
        CompletableFuture<HttpResponse> future = transport.execute(request("POST", "/cancel").build());
        server().takeRequest();

        assertThat(future.cancel(true)).isTrue();

        assertThat(server().awaitAllConnectionsClosed(closeBound())).as("the server saw the connection closed").isTrue();
        assertThat(future).isCancelled();
        server().handler((request, exchange) -> {
            if (request.target().equals("/after")) {
                exchange.respond(200, List.of(), "after".getBytes(StandardCharsets.UTF_8));
            }
        });
        assertThat(send(transport, request("GET", "/after")).bodyAsString()).isEqualTo("after");
        server().takeRequest();

        // Again, on the connection "/after" left open if the transport keeps connections alive.
        CompletableFuture<HttpResponse> again = transport.execute(request("POST", "/cancel-again").build());
        RecordedRequest sent = server().takeRequest();

        assertThat(again.cancel(true)).isTrue();

        assertThat(server().awaitConnectionClosed(sent.connection(), closeBound()))
                .as("the server saw connection %d, which the second cancelled request went out on, closed", sent.connection())
                .isTrue();
        assertThat(again).isCancelled();
    }
}
