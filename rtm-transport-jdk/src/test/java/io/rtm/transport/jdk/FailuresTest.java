package io.rtm.transport.jdk;

import io.rtm.core.spi.RedactedException;
import static org.assertj.core.api.Assertions.assertThat;

import io.rtm.core.error.RtmException;
import io.rtm.core.error.RtmTimeoutException;
import io.rtm.core.error.RtmTransportException;
import io.rtm.core.spi.TransportConfig;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ProtocolException;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** The mapping from what java.net.http reports to typed errors, one exception kind at a time. */
class FailuresTest {

    private static final TransportConfig CONFIG = TransportConfig.builder()
            .connectTimeout(Duration.ofMillis(1500)).responseTimeout(Duration.ofMillis(2500)).build();
    private static final String WHERE = "POST https://api.example.test:443";

    @Test
    void connectTimeoutIsAConnectKindTimeoutThatNeverReachedTheService() {
        RtmException error = Failures.map(new CompletionException(new HttpConnectTimeoutException("HTTP connect timed out")), WHERE, CONFIG);

        assertThat(error).isExactlyInstanceOf(RtmTimeoutException.class).hasMessage(WHERE + ": could not connect within 1500 ms");
        assertThat(((RtmTimeoutException) error).kind()).isEqualTo(RtmTimeoutException.Kind.CONNECT);
        assertThat(((RtmTimeoutException) error).mayHaveReachedService()).isFalse();
    }

    @Test
    void requestTimeoutIsAResponseKindTimeout() {
        RtmException error = Failures.map(new HttpTimeoutException("request timed out"), WHERE, CONFIG);

        assertThat(error).isExactlyInstanceOf(RtmTimeoutException.class).hasMessage(WHERE + ": no response within 2500 ms");
        assertThat(((RtmTimeoutException) error).kind()).isEqualTo(RtmTimeoutException.Kind.RESPONSE);
    }

    @Test
    void connectExceptionIsAConnectFailure() {
        RtmException error = Failures.map(new CompletionException(new ConnectException()), WHERE, CONFIG);

        assertThat(error).isExactlyInstanceOf(RtmTransportException.class).hasMessageStartingWith(WHERE + ": could not connect");
        assertThat(((RtmTransportException) error).mayHaveReachedService()).isFalse();
    }

    @Test
    void aTlsHandshakeFailureEvenWrappedIsAConnectFailure() {
        IOException wrapped = new IOException("wrapper", new SSLHandshakeException("PKIX path building failed"));

        RtmException error = Failures.map(wrapped, WHERE, CONFIG);

        assertThat(error).isExactlyInstanceOf(RtmTransportException.class).hasMessageContaining("TLS handshake failed (PKIX path building failed)");
        assertThat(((RtmTransportException) error).mayHaveReachedService()).isFalse();
    }

    @Test
    void anyOtherIoFailureMayHaveReachedTheService() {
        RtmException error = Failures.map(new SocketException("Connection reset"), WHERE, CONFIG);

        assertThat(error).isExactlyInstanceOf(RtmTransportException.class).hasMessageContaining("SocketException: Connection reset");
        assertThat(((RtmTransportException) error).mayHaveReachedService()).isTrue();
    }

    @Test
    void aProtocolErrorQuotingEchoedCredentialsIsReplacedByItsClassNameAndStackTrace() {
        String secret = "Basic c2VjcmV0LWtleTpzZWNyZXQ=";
        ProtocolException echo = new ProtocolException("Invalid status line: \"Authorization: " + secret + "\"");

        RtmException error = Failures.map(new CompletionException(echo), WHERE, CONFIG);

        assertThat(error).isExactlyInstanceOf(RtmTransportException.class).hasMessageContaining("(ProtocolException)");
        assertThat(error.getCause()).isExactlyInstanceOf(RedactedException.class)
                .hasMessageStartingWith("java.net.ProtocolException: <message withheld");
        assertThat(error.getCause().getStackTrace()).isEqualTo(echo.getStackTrace());
        assertThat(stackTrace(error)).doesNotContain(secret);
    }

    @Test
    void aPlainIoExceptionKeepsItsClassButNotItsMessageWhichMayQuoteTheReply() {
        IOException chunk = new IOException("Chunk header size too long: 1;x-ar-token=006-echoed");
        chunk.addSuppressed(new ProtocolException("Invalid header value \"x-ar-token: 006-echoed\""));

        RtmException error = Failures.map(chunk, WHERE, CONFIG);

        assertThat(error).hasMessageEndingWith("(IOException)");
        assertThat(stackTrace(error)).doesNotContain("006-echoed").contains("java.io.IOException", "java.net.ProtocolException");
    }

    private static String stackTrace(Throwable t) {
        java.io.StringWriter out = new java.io.StringWriter();
        t.printStackTrace(new java.io.PrintWriter(out));
        return out.toString();
    }

    @Test
    void anUnexpectedRuntimeFailureMayHaveReachedTheServiceAndHidesItsMessage() {
        RtmException error = Failures.map(new IllegalStateException("secret-ish detail"), WHERE, CONFIG);

        assertThat(error).isExactlyInstanceOf(RtmTransportException.class).hasMessageNotContaining("secret-ish");
        assertThat(((RtmTransportException) error).mayHaveReachedService()).isTrue();
    }

    @Test
    void anRtmExceptionPassesThroughUnchanged() {
        RtmTransportException original = RtmTransportException.connectFailed("x", null);

        assertThat(Failures.map(new CompletionException(original), WHERE, CONFIG)).isSameAs(original);
    }

    @Test
    void descriptionsNameMethodSchemeHostAndPortOnly() {
        assertThat(Failures.describe("POST", URI.create("https://api.example.test/dev/v2/project/app/rtm/users/u1/peer_messages?wait_for_ack=true")))
                .isEqualTo("POST https://api.example.test:443");
        assertThat(Failures.describe("GET", URI.create("http://127.0.0.1:8080/x"))).isEqualTo("GET http://127.0.0.1:8080");
        assertThat(Failures.describe("GET", URI.create("http://[::1]:8080/x"))).isEqualTo("GET http://[::1]:8080");
    }
}
