package io.rtm.transport.httpclient;

import io.rtm.core.error.RtmException;
import io.rtm.core.error.RtmTimeoutException;
import io.rtm.core.error.RtmTransportException;
import io.rtm.core.spi.RedactedException;
import io.rtm.core.spi.TransportConfig;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.apache.hc.core5.http.RequestNotExecutedException;
import org.apache.hc.core5.util.DeadlineTimeoutException;

/**
 * Maps what HttpClient reports to the SDK's typed errors. The line that matters to the retry policy is
 * whether the request may have reached the service; it is drawn by {@link Exchange#written()}: before the
 * request head was handed to an open connection, nothing can have reached it.
 *
 * <p>Messages name the method, scheme, host and port only: never the path, headers or body. The cause is the
 * failure HttpClient reported, passed through {@link RedactedException#of}: an exception that may quote the server's
 * reply (which may echo the request's credentials) is replaced by a stand-in without its message. Timeout messages say
 * how long the request had been running when it failed.
 */
final class Failures {

    private Failures() {
    }

    /** The error for a request that meets a closed transport. */
    static RtmTransportException closed(Exchange exchange) {
        if (exchange.written()) {
            return RtmTransportException.afterSend(
                    exchange.describe() + ": the transport was closed while the request was in flight", null);
        }
        return RtmTransportException.connectFailed("transport is closed", null);
    }

    /** The typed error for an HttpClient failure of this exchange. */
    static RtmException map(Throwable failure, Exchange exchange, TransportConfig config) {
        Throwable ex = unwrap(failure);
        if (ex instanceof RtmException rtm) {
            return rtm;
        }
        String where = exchange.describe();
        Throwable cause = RedactedException.of(ex, Failures::quotesNoPeer);
        if (ex instanceof ResponseTooLargeException) {
            return RtmTransportException.afterSend(where + ": " + ex.getMessage(), cause);
        }
        // The async pool reports a lease timeout as DeadlineTimeoutException; the classic one as
        // ConnectionRequestTimeoutException.
        if (ex instanceof ConnectionRequestTimeoutException || ex instanceof DeadlineTimeoutException) {
            return RtmTimeoutException.client(RtmTimeoutException.Kind.CONNECT,
                    where + ": no pooled connection became free within " + config.responseTimeout().toMillis()
                            + " ms (all " + config.maxConnectionsPerRoute() + " connections to this host busy)", cause);
        }
        if (ex instanceof RequestNotExecutedException) {
            return RtmTransportException.connectFailed(where + ": the connection closed before the request was sent", cause);
        }
        if (!exchange.written()) {
            return beforeSend(ex, cause, where, exchange, config);
        }
        if (ex instanceof SocketTimeoutException || isTimeout(ex)) {
            return RtmTimeoutException.client(RtmTimeoutException.Kind.RESPONSE,
                    where + ": no response within " + config.responseTimeout().toMillis() + " ms" + elapsed(exchange), cause);
        }
        return RtmTransportException.afterSend(
                where + ": the exchange failed after the request was sent (" + describe(ex) + ")", cause);
    }

    private static RtmException beforeSend(Throwable ex, Throwable cause, String where, Exchange exchange,
                                           TransportConfig config) {
        if (ex instanceof ConnectTimeoutException || ex instanceof SocketTimeoutException || isTimeout(ex)) {
            return RtmTimeoutException.client(RtmTimeoutException.Kind.CONNECT,
                    where + ": could not connect within " + config.connectTimeout().toMillis() + " ms" + elapsed(exchange), cause);
        }
        if (ex instanceof SSLException) {
            return RtmTransportException.connectFailed(
                    where + ": TLS handshake failed (" + ex.getMessage() + ")", cause);
        }
        if (ex instanceof UnknownHostException) {
            return RtmTransportException.connectFailed(where + ": unknown host", cause);
        }
        if (ex instanceof NoRouteToHostException) {
            return RtmTransportException.connectFailed(where + ": no route to host", cause);
        }
        if (ex instanceof ConnectException) {
            return RtmTransportException.connectFailed(where + ": connection refused", cause);
        }
        return RtmTransportException.connectFailed(
                where + ": the request could not be sent (" + describe(ex) + ")", cause);
    }

    /** How long the request had been running, for timeout messages: " (failed after 213 ms)". */
    private static String elapsed(Exchange exchange) {
        return " (failed after " + exchange.elapsedMillis() + " ms)";
    }

    /** HttpClient reports some timeouts as a bare InterruptedIOException whose message says so. */
    private static boolean isTimeout(Throwable ex) {
        return ex instanceof InterruptedIOException && ex.getMessage() != null
                && ex.getMessage().toLowerCase(java.util.Locale.ROOT).contains("timeout");
    }

    /** HttpCore's and this transport's kinds of exception whose messages never quote the server. */
    private static boolean quotesNoPeer(Throwable t) {
        return t instanceof org.apache.hc.core5.http.ConnectionClosedException || t instanceof RequestNotExecutedException
                || t instanceof ResponseTooLargeException;
    }

    private static Throwable unwrap(Throwable ex) {
        Throwable t = ex;
        while ((t instanceof ExecutionException || t instanceof CompletionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** The exception's class, and its message when it is one of the plain I/O kinds that carry no data. */
    private static String describe(Throwable ex) {
        String type = ex.getClass().getSimpleName();
        return ex instanceof java.net.SocketException || ex instanceof org.apache.hc.core5.http.ConnectionClosedException
                || ex instanceof java.io.EOFException
                ? type + ": " + ex.getMessage()
                : type;
    }
}
