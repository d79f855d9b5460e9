package io.rtm.transport.jdk;

import io.rtm.core.error.RtmException;
import io.rtm.core.error.RtmTimeoutException;
import io.rtm.core.error.RtmTransportException;
import io.rtm.core.spi.RedactedException;
import io.rtm.core.spi.TransportConfig;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLHandshakeException;

/**
 * Maps what {@code java.net.http} reports to the SDK's typed errors. The JDK does not say whether a request
 * was written before an I/O failure, so only failures that provably happen before anything is sent (connect
 * refused or timed out, TLS handshake) say "never reached the service"; every other one may have.
 *
 * <p>Messages name the method, scheme, host and port only: never the path, headers or body. The cause is the
 * failure the JDK reported, passed through {@link RedactedException#of}: an exception that may quote the server's
 * reply (which may echo the request's credentials) is replaced by a stand-in without its message.
 */
final class Failures {

    private Failures() {
    }

    /** The error for a request that meets a closed transport: nothing was sent. */
    static RtmTransportException closed() {
        return RtmTransportException.connectFailed("transport is closed", null);
    }

    /** The error for a request still running when the transport closed: it may have been sent. */
    static RtmTransportException closedInFlight(String where) {
        return RtmTransportException.afterSend(where + ": the transport was closed while the request was in flight", null);
    }

    /** The typed error for a failure the JDK client reported for this exchange. */
    static RtmException map(Throwable failure, String where, TransportConfig config) {
        Throwable ex = unwrap(failure);
        if (ex instanceof RtmException rtm) {
            return rtm;
        }
        Throwable cause = RedactedException.of(ex, Failures::quotesNoPeer);
        if (ex instanceof ResponseTooLargeException) {
            return RtmTransportException.afterSend(where + ": " + ex.getMessage(), cause);
        }
        // HttpConnectTimeoutException extends HttpTimeoutException: test it first.
        if (ex instanceof HttpConnectTimeoutException) {
            return RtmTimeoutException.client(RtmTimeoutException.Kind.CONNECT,
                    where + ": could not connect within " + config.connectTimeout().toMillis() + " ms", cause);
        }
        if (ex instanceof HttpTimeoutException) {
            return RtmTimeoutException.client(RtmTimeoutException.Kind.RESPONSE,
                    where + ": no response within " + config.responseTimeout().toMillis() + " ms", cause);
        }
        if (ex instanceof TimeoutException) {
            return RtmTimeoutException.client(RtmTimeoutException.Kind.RESPONSE,
                    where + ": no complete response body within " + config.responseTimeout().toMillis() + " ms of its head", cause);
        }
        if (ex instanceof ConnectException) {
            return RtmTransportException.connectFailed(where + ": could not connect (" + describe(ex) + ")", cause);
        }
        if (causedBy(ex, SSLHandshakeException.class)) {
            return RtmTransportException.connectFailed(where + ": TLS handshake failed (" + rootMessage(ex) + ")", cause);
        }
        if (ex instanceof IOException) {
            return RtmTransportException.afterSend(
                    where + ": the exchange failed after the request may have been sent (" + describe(ex) + ")", cause);
        }
        return RtmTransportException.afterSend(where + ": the exchange failed (" + ex.getClass().getSimpleName() + ")", cause);
    }

    /** Method, scheme, host and port: what error messages may say about a request. */
    static String describe(String method, URI uri) {
        String scheme = uri.getScheme() == null ? "?" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost() == null ? "?" : uri.getHost();
        int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        return method + " " + scheme + "://" + host + ":" + port;
    }

    private static Throwable unwrap(Throwable ex) {
        Throwable t = ex;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** {@code java.net.http}'s and this transport's kinds of exception whose messages never quote the server. */
    private static boolean quotesNoPeer(Throwable t) {
        return t instanceof HttpTimeoutException || t instanceof ResponseTooLargeException;
    }

    private static boolean causedBy(Throwable ex, Class<? extends Throwable> type) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable ex) {
        Throwable t = ex;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return String.valueOf(t.getMessage());
    }

    /**
     * The exception's class, and its message for the socket kinds (which quote nothing the server sent). A plain
     * {@code IOException}'s message may quote the reply ({@link RedactedException}), so it is left out.
     */
    private static String describe(Throwable ex) {
        String type = ex.getClass().getSimpleName();
        boolean plain = ex instanceof SocketException || ex instanceof EOFException;
        return plain ? type + ": " + ex.getMessage() : type;
    }
}
