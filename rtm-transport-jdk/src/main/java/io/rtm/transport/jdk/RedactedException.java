package io.rtm.transport.jdk;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketException;
import java.net.http.HttpTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.UnresolvedAddressException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * Stands in, as the cause of an SDK error, for an exception whose message may quote what the server sent. Parse and
 * protocol errors quote the line they could not read ({@code ProtocolException: Invalid status line: "…"}); a broken server or proxy that echoes the request puts the
 * request's {@code Authorization} or {@code x-ar-token} value in that line, and every logged stack trace would print
 * it. The stand-in keeps the original's class name (in its message) and its stack trace; the message itself is kept
 * only for the kinds of exception that never quote the peer (socket, timeout, TLS, end-of-stream errors). Causes and
 * suppressed exceptions get the same treatment, all the way down.
 */
final class RedactedException extends IOException {

    private static final int MAX_DEPTH = 32;

    private RedactedException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * The exception itself when neither it nor anything in its cause chain or suppressed list may quote the server;
     * otherwise a stand-in for it.
     */
    static Throwable of(Throwable t) {
        return of(t, 0);
    }

    private static Throwable of(Throwable t, int depth) {
        if (t == null || isClean(t, depth)) {
            return t;
        }
        if (depth >= MAX_DEPTH) {
            return null; // a cause cycle or an absurd chain: drop the rest rather than print it
        }
        String detail = quotesNoPeer(t) ? String.valueOf(t.getMessage())
                : "<message withheld: it may quote the server's reply, which may echo the request's credentials>";
        RedactedException copy = new RedactedException(t.getClass().getName() + ": " + detail, of(t.getCause(), depth + 1));
        copy.setStackTrace(t.getStackTrace());
        for (Throwable s : t.getSuppressed()) {
            Throwable redacted = of(s, depth + 1);
            if (redacted != null) {
                copy.addSuppressed(redacted);
            }
        }
        return copy;
    }

    private static boolean isClean(Throwable t, int depth) {
        if (t == null) {
            return true;
        }
        if (depth >= MAX_DEPTH || !quotesNoPeer(t) || !isClean(t.getCause(), depth + 1)) {
            return false;
        }
        for (Throwable s : t.getSuppressed()) {
            if (!isClean(s, depth + 1)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Kinds of exception whose messages the JDK builds from local facts only (addresses, timeouts, TLS). Not a plain
     * {@code IOException}: {@code java.net.http} quotes chunk extensions in some ({@code "Chunk header size too long: …"}).
     */
    private static boolean quotesNoPeer(Throwable t) {
        return t instanceof SocketException || t instanceof InterruptedIOException || t instanceof EOFException
                || t instanceof UnknownHostException || t instanceof SSLException || t instanceof ClosedChannelException
                || t instanceof HttpTimeoutException || t instanceof UnresolvedAddressException
                || t instanceof TimeoutException || t instanceof CancellationException
                || t instanceof ResponseTooLargeException || t instanceof RedactedException;
    }
}
