package io.rtm.transport.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.rtm.core.error.RtmException;
import io.rtm.core.error.RtmTimeoutException;
import io.rtm.core.spi.Transport;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Every wait is bounded, and the bounds are the configured ones: a connect that never completes is a
 * {@code CONNECT} timeout; a server that reads the request and stays silent, or stalls in the middle of the body,
 * is a {@code RESPONSE} timeout. And they fire close to their value: a 200 ms timeout fires after at least 200 ms and
 * before 600 ms (loose enough for a loaded 2-core machine; a transport that checks its timeouts once a second fails).
 *
 * <pre>{@code
 * class MyTransportTimeoutTest extends TimeoutSuite {
 *     protected Transport createTransport(TransportConfig config) {
 *         return MyTransport.create(config);
 *     }
 * }
 * }</pre>
 *
 * <p>{@link TransportConformanceSuite} runs this suite together with the others.
 */
public abstract class TimeoutSuite extends TransportSuite {

    /** For subclasses. */
    protected TimeoutSuite() {
    }

    /** A listener that never completes the TCP handshake: an {@link RtmTimeoutException} of kind CONNECT. */
    @Test
    void connectTimeoutIsAConnectTimeoutThatNeverReachedTheService() throws IOException {
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> fillers = new ArrayList<>();
            try {
                assumeTrue(fillAcceptQueue(full, fillers), "this OS does not leave SYNs to a full accept queue unanswered");

                RtmException error = failure(transport(config(Duration.ofMillis(300), Duration.ofSeconds(5))).execute(
                        secretRequest("POST", "/x").uri(URI.create("http://127.0.0.1:" + full.getLocalPort() + "/hang")).build()));

                assertThat(error).isExactlyInstanceOf(RtmTimeoutException.class);
                assertThat(((RtmTimeoutException) error).kind()).isEqualTo(RtmTimeoutException.Kind.CONNECT);
                assertThat(((RtmTimeoutException) error).mayHaveReachedService()).isFalse();
            } finally {
                for (Socket s : fillers) {
                    s.close();
                }
            }
        }
    }

    /** The server reads the request and stays silent: an {@link RtmTimeoutException} of kind RESPONSE, sent once. */
    @Test
    void silentServerIsAResponseTimeout() {
        server().handler(LoopbackHttpServer.silent());

        RtmException error = failure(transport(config(Duration.ofSeconds(2), Duration.ofMillis(300)))
                .execute(secretRequest("POST", "/silent").body("{}".getBytes(StandardCharsets.UTF_8)).build()));

        assertThat(error).isExactlyInstanceOf(RtmTimeoutException.class);
        assertThat(((RtmTimeoutException) error).kind()).isEqualTo(RtmTimeoutException.Kind.RESPONSE);
        assertThat(((RtmTimeoutException) error).mayHaveReachedService()).isTrue();
        assertThat(server().takeRequest().target()).isEqualTo("/silent");
        assertThat(server().requestCount()).as("requests the server received").isEqualTo(1);
    }

    /**
     * The server sends the head and part of the body, then stays silent: an {@link RtmTimeoutException} of kind
     * RESPONSE (every wait is bounded, the body's too), and the stalled connection is closed.
     */
    @Test
    void bodyStallingAfterTheHeadIsAResponseTimeout() {
        server().handler((request, exchange) -> exchange.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly-part"));

        RtmException error = failure(transport(config(Duration.ofSeconds(2), Duration.ofMillis(300)))
                .execute(secretRequest("POST", "/stall").body("{}".getBytes(StandardCharsets.UTF_8)).build()));

        assertThat(error).isExactlyInstanceOf(RtmTimeoutException.class);
        assertThat(((RtmTimeoutException) error).kind()).isEqualTo(RtmTimeoutException.Kind.RESPONSE);
        assertThat(server().awaitAllConnectionsClosed(closeBound())).as("the server saw the stalled connection closed").isTrue();
    }

    /**
     * A 200 ms response timeout fires after at least 200 ms and before 600 ms, not up to a second late. The transport
     * is warmed up by one answered request first, so class loading is not measured.
     */
    @Test
    void aResponseTimeoutFiresWithinThreeTimesItsValue() {
        server().handler((request, exchange) -> {
            if (request.target().equals("/warm-up")) {
                exchange.respond(200, List.of(), new byte[0]);
            }
        });
        Transport transport = transport(config(Duration.ofSeconds(2), Duration.ofMillis(200)));
        send(transport, request("GET", "/warm-up"));

        long start = System.nanoTime();
        RtmException error = failure(transport.execute(secretRequest("POST", "/silent").body(new byte[] {1}).build()), Duration.ofSeconds(2));
        long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(error).isExactlyInstanceOf(RtmTimeoutException.class);
        assertThat(((RtmTimeoutException) error).kind()).isEqualTo(RtmTimeoutException.Kind.RESPONSE);
        assertThat(elapsed).as("ms until a 200 ms response timeout fired").isBetween(190L, 599L);
    }

    /** A 200 ms connect timeout fires after at least 200 ms and before 600 ms (the transport warmed up first). */
    @Test
    void aConnectTimeoutFiresWithinThreeTimesItsValue() throws IOException {
        Transport transport = transport(config(Duration.ofMillis(200), Duration.ofSeconds(5)));
        send(transport, request("GET", "/warm-up"));
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> fillers = new ArrayList<>();
            try {
                assumeTrue(fillAcceptQueue(full, fillers), "this OS does not leave SYNs to a full accept queue unanswered");

                long start = System.nanoTime();
                RtmException error = failure(transport.execute(
                        secretRequest("POST", "/x").uri(URI.create("http://127.0.0.1:" + full.getLocalPort() + "/hang")).build()),
                        Duration.ofSeconds(2));
                long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

                assertThat(error).isExactlyInstanceOf(RtmTimeoutException.class);
                assertThat(((RtmTimeoutException) error).kind()).isEqualTo(RtmTimeoutException.Kind.CONNECT);
                assertThat(elapsed).as("ms until a 200 ms connect timeout fired").isBetween(190L, 599L);
            } finally {
                for (Socket s : fillers) {
                    s.close();
                }
            }
        }
    }
}
