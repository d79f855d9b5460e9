package io.rtm.core.spi;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.UnresolvedAddressException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import javax.net.ssl.SSLException;

/**
 * Stands in, as the cause of an SDK error, for an exception whose message may quote what the server sent. HTTP
 * libraries' parse and protocol errors quote the line they could not read ({@code Invalid status line: "…"}); a broken
 * server or proxy that echoes the request puts its {@code Authorization} or {@code x-ar-token} value in that line, and
 * every logged stack trace would print it. The stand-in keeps the original's class name (in its message) and its stack
 * trace; the message itself is kept only for the kinds of exception whose messages are made of local facts (addresses,
 * timeouts, TLS): the JDK's socket, interrupted-I/O and timeout, end-of-stream, unknown-host, TLS, closed-channel and
 * cancellation exceptions, and the kinds the caller names. Causes and suppressed exceptions get the same treatment,
 * all the way down.
 *
 * <p>For transports: pass every failure through {@link #of} before making it the cause of an
 * {@link io.rtm.core.error.RtmException} (the conformance kit's hostile-server tests check that no echoed credential
 * reaches the error). Immutable once made; thread-safe.
 */
public final class RedactedException extends IOException {

    private static final long serialVersionUID = 1L;
    private static final int MAX_DEPTH = 32;

    private RedactedException(String message, Throwable cause) {
        super(message, cause);
    }

    /** {@link #of(Throwable, Predicate)} with only the JDK's local kinds of exception. */
    public static Throwable of(Throwable failure) {
        return of(failure, t -> false);
    }

    /**
     * The failure itself when neither it nor anything in its cause chain or suppressed list may quote the server;
     * otherwise a stand-in for it.
     *
     * @param failure    what the HTTP library reported; may be null (then null)
     * @param alsoLocal  the library's own kinds of exception whose messages never quote the peer (e.g. a "connection
     *                   closed" or "response too large" of its own), beyond the JDK's
     * @return the failure, or a {@code RedactedException} standing in for it
     */
    public static Throwable of(Throwable failure, Predicate<? super Throwable> alsoLocal) {
        return of(failure, alsoLocal, 0);
    }

    private static Throwable of(Throwable t, Predicate<? super Throwable> alsoLocal, int depth) {
        if (t == null || isClean(t, alsoLocal, depth)) {
            return t;
        }
        if (depth >= MAX_DEPTH) {
            return null; // a cause cycle or an absurd chain: drop the rest rather than print it
        }
        String detail = quotesNoPeer(t, alsoLocal) ? String.valueOf(t.getMessage())
                : "<message withheld: it may quote the server's reply, which may echo the request's credentials>";
        RedactedException copy = new RedactedException(t.getClass().getName() + ": " + detail,
                of(t.getCause(), alsoLocal, depth + 1));
        copy.setStackTrace(t.getStackTrace());
        for (Throwable s : t.getSuppressed()) {
            Throwable redacted = of(s, alsoLocal, depth + 1);
            if (redacted != null) {
                copy.addSuppressed(redacted);
            }
        }
        return copy;
    }

    private static boolean isClean(Throwable t, Predicate<? super Throwable> alsoLocal, int depth) {
        if (t == null) {
            return true;
        }
        if (depth >= MAX_DEPTH || !quotesNoPeer(t, alsoLocal) || !isClean(t.getCause(), alsoLocal, depth + 1)) {
            return false;
        }
        for (Throwable s : t.getSuppressed()) {
            if (!isClean(s, alsoLocal, depth + 1)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Kinds of exception whose messages the JDK builds from local facts only. Not a plain {@code IOException}: HTTP
     * libraries quote the peer in some ({@code java.net.http}'s {@code "Chunk header size too long: …"}).
     */
    private static boolean quotesNoPeer(Throwable t, Predicate<? super Throwable> alsoLocal) {
        return t instanceof SocketException || t instanceof InterruptedIOException || t instanceof EOFException
                || t instanceof UnknownHostException || t instanceof SSLException || t instanceof ClosedChannelException
                || t instanceof UnresolvedAddressException || t instanceof TimeoutException
                || t instanceof CancellationException || t instanceof RedactedException || alsoLocal.test(t);
    }
}
