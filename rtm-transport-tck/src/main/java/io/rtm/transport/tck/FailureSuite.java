package io.rtm.transport.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.rtm.core.error.RtmException;
import io.rtm.core.error.RtmTransportException;
import io.rtm.core.spi.HttpRequest;
import io.rtm.core.spi.HttpResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Typed failures that say truthfully whether the request may have reached the service: connection refused; a
 * reset, a close without an answer, a truncated or a malformed response after the server read the request; a
 * connection closed before it; a URI or a header value the transport cannot send (a failed future, never a throw).
 * No message, cause or suppressed exception of any failure repeats the request's credentials.
 *
 * <pre>{@code
 * class MyTransportFailureTest extends FailureSuite {
 *     protected Transport createTransport(TransportConfig config) {
 *         return MyTransport.create(config);
 *     }
 * }
 * }</pre>
 *
 * <p>{@link TransportConformanceSuite} runs this suite together with the others.
 */
public abstract class FailureSuite extends TransportSuite {

    /** For subclasses. */
    protected FailureSuite() {
    }

    /** Nothing listening: an {@link RtmTransportException} saying the request never reached the service. */
    @Test
    void connectionRefusedIsATransportFailureThatNeverReachedTheService() throws IOException {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }

        RtmException error = failure(transport().execute(
                secretRequest("POST", "/x").uri(URI.create("http://127.0.0.1:" + port + "/refused")).build()));

        assertThat(error).isExactlyInstanceOf(RtmTransportException.class);
        assertThat(((RtmTransportException) error).mayHaveReachedService()).isFalse();
        assertThat(error.httpStatus()).isZero();
    }

    /** A reset after the server read the request: an {@link RtmTransportException} that may have reached it; no retry. */
    @Test
    void resetAfterTheRequestWasReadMayHaveReachedTheService() {
        server().handler(LoopbackHttpServer.resetAfterRequest());

        RtmException error = failure(transport().execute(secretRequest("POST", "/reset").body("{}".getBytes(StandardCharsets.UTF_8)).build()));

        assertThat(error).isExactlyInstanceOf(RtmTransportException.class);
        assertThat(((RtmTransportException) error).mayHaveReachedService()).isTrue();
        assertThat(server().requestCount()).as("requests the server received").isEqualTo(1);
    }

    /** The server closes the connection after reading the request, without answering: may have reached it. */
    @Test
    void closeWithoutAnswerAfterTheRequestWasReadMayHaveReachedTheService() {
        server().handler(LoopbackHttpServer.closeAfterRequest());

        RtmException error = failure(transport().execute(secretRequest("POST", "/eof").body("{}".getBytes(StandardCharsets.UTF_8)).build()));

        assertThat(error).isExactlyInstanceOf(RtmTransportException.class);
        assertThat(((RtmTransportException) error).mayHaveReachedService()).isTrue();
        assertThat(server().requestCount()).as("requests the server received").isEqualTo(1);
    }

    /** The server closes each connection before reading anything: a typed failure, not a hang or a response. */
    @Test
    void connectionClosedBeforeTheRequestWasReadIsATransportFailure() {
        server().closeConnectionsBeforeReading(true);

        RtmException error = failure(transport().execute(secretRequest("POST", "/early").body("{}".getBytes(StandardCharsets.UTF_8)).build()));

        assertThat(error).isInstanceOf(RtmTransportException.class);
        assertThat(server().requestCount()).isZero();
    }

    /** A body cut short of its Content-Length: an {@link RtmTransportException} that may have reached the service. */
    @Test
    void truncatedResponseBodyIsATransportFailure() {
        server().handler((request, exchange) -> {
            exchange.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly-part");
            exchange.close();
        });

        RtmException error = failure(transport().execute(secretRequest("POST", "/cut").body("{}".getBytes(StandardCharsets.UTF_8)).build()));

        assertThat(error).isExactlyInstanceOf(RtmTransportException.class);
        assertThat(((RtmTransportException) error).mayHaveReachedService()).isTrue();
    }

    /** Bytes that are not an HTTP response: a typed failure that may have reached the service. */
    @Test
    void malformedResponseIsATransportFailure() {
        server().handler((request, exchange) -> {
            exchange.write("this is not HTTP at all\r\n\r\n");
            exchange.close();
        });

        RtmException error = failure(transport().execute(secretRequest("POST", "/garbage").body("{}".getBytes(StandardCharsets.UTF_8)).build()));

        assertThat(error).isExactlyInstanceOf(RtmTransportException.class);
        assertThat(((RtmTransportException) error).mayHaveReachedService()).isTrue();
    }

    /** A URI the transport cannot send (not http(s), not absolute): a failed future, never a throw, nothing sent. */
    @ParameterizedTest
    @ValueSource(strings = {"ftp://127.0.0.1/x", "/relative/path", "mailto:someone@example.com"})
    void executeFailsTheFutureForAUriItCannotSend(String uri) {
        CompletableFuture<HttpResponse> future = executeWithoutThrowing(transport(),
                HttpRequest.builder().method("POST").uri(URI.create(uri)).header("Authorization", "Basic " + SECRET)
                        .header("x-ar-token", TOKEN).body(new byte[] {1}).build());

        RtmException error = failure(future);
        assertThat(error).isInstanceOf(RtmTransportException.class);
        assertThat(((RtmTransportException) error).mayHaveReachedService()).isFalse();
        assertThat(server().requestCount()).isZero();
    }

    /**
     * A header value with a control character (which {@link io.rtm.core.spi.HttpHeaders} allows and HTTP does
     * not) is sent as it is or refused with a typed error that never repeats the value.
     */
    @Test
    void aHeaderValueTheTransportRefusesNeverAppearsInTheError() {
        CompletableFuture<HttpResponse> future = executeWithoutThrowing(transport(), request("POST", "/ctl")
                .header("Authorization", "Basic \u0001" + SECRET).body(new byte[] {1}).build());

        try {
            future.get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(server().takeRequest().values("Authorization")).containsExactly("Basic \u0001" + SECRET);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(RtmException.class);
            for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
                assertThat(String.valueOf(t.getMessage()) + " " + t).as("an error message in the cause chain").doesNotContain(SECRET);
            }
        } catch (InterruptedException | TimeoutException e) {
            fail("no outcome within " + WAIT_SECONDS + " s", e);
        }
    }
}
