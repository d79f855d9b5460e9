package io.rtm.transport.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.rtm.core.error.RtmException;
import io.rtm.core.error.RtmTimeoutException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every wait is bounded, and the bounds are the configured ones: a connect that never completes is a
 * {@code CONNECT} timeout; a server that reads the request and stays silent, or stalls in the middle of the body,
 * is a {@code RESPONSE} timeout.
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
        assertThat(server().awaitAllConnectionsClosed(CLOSE_BOUND)).as("the server saw the stalled connection closed").isTrue();
    }
}
