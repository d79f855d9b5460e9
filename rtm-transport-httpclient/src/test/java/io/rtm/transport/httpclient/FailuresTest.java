package io.rtm.transport.httpclient;

import io.rtm.core.spi.RedactedException;
import static org.assertj.core.api.Assertions.assertThat;

import io.rtm.core.error.RtmException;
import io.rtm.core.error.RtmTimeoutException;
import io.rtm.core.error.RtmTransportException;
import io.rtm.core.spi.HttpRequest;
import io.rtm.core.spi.TransportConfig;
import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLHandshakeException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.apache.hc.core5.http.MalformedChunkCodingException;
import org.apache.hc.core5.http.ParseException;
import org.apache.hc.core5.http.ProtocolException;
import org.apache.hc.core5.http.RequestNotExecutedException;
import org.apache.hc.core5.http.message.BasicHttpRequest;
import org.apache.hc.core5.util.Deadline;
import org.apache.hc.core5.util.DeadlineTimeoutException;
import org.junit.jupiter.api.Test;

/** The mapping table itself, for the failures a loopback server cannot stage. */
class FailuresTest {

    private static final TransportConfig CONFIG = TransportConfig.defaults();

    private static Exchange exchange(boolean written) {
        Exchange exchange = Exchange.of(HttpRequest.builder().method("POST")
                .uri(URI.create("https://api.example.test/dev/v2/project/app/rtm/users/u1/peer_messages")).build(),
                new CompletableFuture<>(), new TargetCache());
        if (written) {
            exchange.beforeWrite(new BasicHttpRequest("POST", "/"));
        }
        return exchange;
    }

    private static boolean reached(RtmException e) {
        return e instanceof RtmTimeoutException t ? t.mayHaveReachedService() : ((RtmTransportException) e).mayHaveReachedService();
    }

    @Test
    void unknownHostIsConnectFailed() {
        RtmException e = Failures.map(new UnknownHostException("api.example.test"), exchange(false), CONFIG);
        assertThat(e).isExactlyInstanceOf(RtmTransportException.class).hasMessage("POST https://api.example.test:443: unknown host");
        assertThat(reached(e)).isFalse();
    }

    @Test
    void tlsFailureBeforeSendingIsConnectFailedNamingTls() {
        RtmException e = Failures.map(new SSLHandshakeException("No subject alternative DNS name matching x found."), exchange(false), CONFIG);
        assertThat(e).isExactlyInstanceOf(RtmTransportException.class).hasMessageContaining("TLS handshake failed")
                .hasMessageContaining("No subject alternative DNS name");
        assertThat(reached(e)).isFalse();
    }

    @Test
    void waitingTooLongForAPooledConnectionIsAConnectTimeout() {
        RtmException e = Failures.map(new ConnectionRequestTimeoutException("Timeout deadline: 30000 MILLISECONDS"), exchange(false), CONFIG);
        assertThat(e).isExactlyInstanceOf(RtmTimeoutException.class).hasMessageContaining("no pooled connection");
        assertThat(((RtmTimeoutException) e).kind()).isEqualTo(RtmTimeoutException.Kind.CONNECT);
        RtmException deadline = Failures.map(DeadlineTimeoutException.from(Deadline.fromUnixMilliseconds(1)), exchange(false), CONFIG);
        assertThat(deadline).isExactlyInstanceOf(RtmTimeoutException.class).hasMessageContaining("no pooled connection");
    }

    @Test
    void aRequestHttpClientReportsAsNotExecutedNeverReachedTheService() {
        RtmException e = Failures.map(new RequestNotExecutedException(), exchange(true), CONFIG);
        assertThat(e).isExactlyInstanceOf(RtmTransportException.class);
        assertThat(reached(e)).isFalse();
    }

    @Test
    void theSameTimeoutIsConnectBeforeTheRequestWasWrittenAndResponseAfter() {
        RtmException before = Failures.map(new SocketTimeoutException("5000 MILLISECONDS"), exchange(false), CONFIG);
        RtmException after = Failures.map(new SocketTimeoutException("30000 MILLISECONDS"), exchange(true), CONFIG);
        assertThat(((RtmTimeoutException) before).kind()).isEqualTo(RtmTimeoutException.Kind.CONNECT);
        assertThat(((RtmTimeoutException) after).kind()).isEqualTo(RtmTimeoutException.Kind.RESPONSE);
        assertThat(((RtmTimeoutException) Failures.map(new ConnectTimeoutException("x"), exchange(false), CONFIG)).kind())
                .isEqualTo(RtmTimeoutException.Kind.CONNECT);
    }

    @Test
    void anIoErrorIsConnectFailedBeforeWritingAndAfterSendOnceWritten() {
        assertThat(reached(Failures.map(new IOException("boom"), exchange(false), CONFIG))).isFalse();
        assertThat(reached(Failures.map(new IOException("boom"), exchange(true), CONFIG))).isTrue();
    }

    @Test
    void aParseErrorQuotingEchoedCredentialsIsReplacedByItsClassNameAndStackTrace() {
        String secret = "Basic c2VjcmV0LWtleTpzZWNyZXQ=";
        ParseException echo = new ParseException("Invalid protocol version", "Authorization: " + secret, 0, 30, 0);

        RtmException e = Failures.map(echo, exchange(true), CONFIG);

        assertThat(e).isExactlyInstanceOf(RtmTransportException.class).hasMessageContaining("(ParseException)");
        assertThat(e.getCause()).isExactlyInstanceOf(RedactedException.class)
                .hasMessageStartingWith("org.apache.hc.core5.http.ParseException: <message withheld");
        assertThat(e.getCause().getStackTrace()).isEqualTo(echo.getStackTrace());
        assertThat(stackTrace(e)).doesNotContain(secret).contains("org.apache.hc.core5.http.ParseException");
    }

    @Test
    void anEchoInANestedCauseOrASuppressedExceptionIsRedactedToo() {
        String token = "006-echoed-token";
        IOException outer = new IOException("wrapper", new ProtocolException("Invalid header: x-ar-token " + token));
        outer.addSuppressed(new MalformedChunkCodingException("Bad chunk header: " + token));

        RtmException e = Failures.map(outer, exchange(true), CONFIG);

        assertThat(stackTrace(e)).doesNotContain(token)
                .contains("org.apache.hc.core5.http.ProtocolException", "org.apache.hc.core5.http.MalformedChunkCodingException");
    }

    @Test
    void socketAndTimeoutErrorsKeepTheirOwnExceptionAsCause() {
        SocketException reset = new SocketException("Connection reset");
        SocketTimeoutException timeout = new SocketTimeoutException("300 MILLISECONDS");

        assertThat(Failures.map(reset, exchange(true), CONFIG).getCause()).isSameAs(reset);
        assertThat(Failures.map(timeout, exchange(true), CONFIG).getCause()).isSameAs(timeout);
    }

    @Test
    void aTimeoutMessageSaysHowLongTheRequestRan() {
        RtmException e = Failures.map(new SocketTimeoutException("30000 MILLISECONDS"), exchange(true), CONFIG);

        assertThat(e).hasMessageMatching("POST https://api.example.test:443: no response within 30000 ms \\(failed after \\d+ ms\\)");
    }

    private static String stackTrace(Throwable t) {
        java.io.StringWriter out = new java.io.StringWriter();
        t.printStackTrace(new java.io.PrintWriter(out));
        return out.toString();
    }

    @Test
    void closingFailsUnwrittenRequestsAsTransportClosedAndWrittenOnesAsAfterSend() {
        assertThat(Failures.closed(exchange(false))).hasMessage("transport is closed").matches(e -> !e.mayHaveReachedService());
        assertThat(Failures.closed(exchange(true))).hasMessageContaining("closed while the request was in flight")
                .matches(RtmTransportException::mayHaveReachedService);
    }
}
