package io.rtm.core.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ProtocolException;
import java.net.SocketException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** A failure that may quote the server never carries its text into an SDK error; one made of local facts does. */
class RedactedExceptionTest {

    private static final String ECHO = "Basic c2VjcmV0LWtleTpzZWNyZXQ=";

    @Test
    void anExceptionOfALocalKindWithLocalCausesIsKeptAsItIs() {
        SocketException reset = new SocketException("Connection reset");
        reset.initCause(new TimeoutException("300 ms"));

        assertThat(RedactedException.of(reset)).isSameAs(reset);
        assertThat(RedactedException.of(null)).isNull();
    }

    @Test
    void anExceptionThatMayQuoteTheServerKeepsItsClassNameAndStackTraceButNotItsMessage() {
        ProtocolException echo = new ProtocolException("Invalid status line: \"Authorization: " + ECHO + "\"");

        Throwable cause = RedactedException.of(echo);

        assertThat(cause).isExactlyInstanceOf(RedactedException.class)
                .hasMessageStartingWith("java.net.ProtocolException: <message withheld");
        assertThat(cause.getStackTrace()).isEqualTo(echo.getStackTrace());
        assertThat(printed(cause)).doesNotContain(ECHO);
    }

    @Test
    void aLocalExceptionWrappingOneThatMayQuoteTheServerIsReplacedWithItsLocalMessageKept() {
        IOException inner = new IOException("Chunk header size too long: 1;x-ar-token=" + ECHO);
        SocketException outer = new SocketException("Connection reset");
        outer.initCause(inner);
        outer.addSuppressed(new ProtocolException("Invalid header: " + ECHO));

        Throwable cause = RedactedException.of(outer);

        assertThat(cause).hasMessage("java.net.SocketException: Connection reset");
        assertThat(cause.getCause()).hasMessageStartingWith("java.io.IOException: <message withheld");
        assertThat(cause.getSuppressed()).singleElement().satisfies(s ->
                assertThat(s).hasMessageStartingWith("java.net.ProtocolException: <message withheld"));
        assertThat(printed(cause)).doesNotContain(ECHO);
    }

    @Test
    void theKindsATransportNamesKeepTheirMessages() {
        IOException closed = new IOException("Connection closed by peer");

        assertThat(RedactedException.of(closed)).isNotSameAs(closed);
        assertThat(RedactedException.of(closed, t -> t.getMessage().startsWith("Connection closed"))).isSameAs(closed);
    }

    @Test
    void aCauseCycleEndsInsteadOfLooping() {
        IOException a = new IOException("a " + ECHO);
        IOException b = new IOException("b", a);
        a.initCause(b);

        Throwable cause = RedactedException.of(a);

        assertThat(printed(cause)).doesNotContain(ECHO);
    }

    private static String printed(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
