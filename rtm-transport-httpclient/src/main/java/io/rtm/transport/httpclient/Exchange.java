package io.rtm.transport.httpclient;

import io.rtm.core.spi.HttpRequest;
import io.rtm.core.spi.HttpResponse;
import java.net.URI;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.concurrent.Cancellable;
import org.apache.hc.core5.concurrent.CancellableDependency;
import org.apache.hc.core5.concurrent.ComplexCancellable;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * One request's state while HttpClient runs it: where it goes, its future, and whether its head has been
 * handed to an open connection (from then on it may have reached the service).
 */
final class Exchange {

    private static final String CONTEXT_KEY = Exchange.class.getName();

    private final String method;
    private final HttpHost target;
    private final String requestTarget;
    private final boolean hasUserAgent;
    private final CompletableFuture<HttpResponse> future;
    /** When {@code execute} was called, for timeout messages that say how long the request really ran. */
    private final long startNanos = System.nanoTime();
    private volatile boolean written;
    private volatile Future<?> httpClientFuture;
    /** The running request's hard cancellation, registered by HttpClient's main exec step (see {@link CancellableExecution}). */
    private final ComplexCancellable execution = new ComplexCancellable();

    private Exchange(String method, HttpHost target, String requestTarget, boolean hasUserAgent,
                     CompletableFuture<HttpResponse> future) {
        this.method = method;
        this.target = target;
        this.requestTarget = requestTarget;
        this.hasUserAgent = hasUserAgent;
        this.future = future;
    }

    /**
     * The exchange for a request, its target taken from {@code targets}.
     *
     * @throws IllegalArgumentException when the URI is not an absolute http(s) URI with a host, or a header value
     *                                  has a character HTTP/1.1 cannot carry
     */
    static Exchange of(HttpRequest request, CompletableFuture<HttpResponse> future, TargetCache targets) {
        Target target = targets.get(request.uri());
        for (io.rtm.core.spi.HttpHeaders.Header h : request.headers().asList()) {
            if (!sendable(h.value())) {
                // HttpCore would write such characters as '?': refuse rather than send a changed value (never echo it)
                throw new IllegalArgumentException("the value of header '" + h.name()
                        + "' has a character HTTP/1.1 cannot carry (control character or beyond Latin-1)");
            }
        }
        return new Exchange(request.method(), target.host(), target.requestTarget(),
                request.headers().contains("User-Agent"), future);
    }

    /**
     * Where a URI sends a request: the host, and the request target = the URI's raw path and raw query, untouched.
     *
     * @param host          scheme, host (IPv6 without brackets) and port
     * @param requestTarget raw path (or {@code /}) and {@code ?} raw query
     */
    record Target(HttpHost host, String requestTarget) {

        /**
         * The target of an absolute http(s) URI.
         *
         * @throws IllegalArgumentException when the URI is not an absolute http(s) URI with a host
         */
        static Target of(URI uri) {
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new IllegalArgumentException("the request URI must be absolute http or https, scheme was: "
                        + (scheme.isEmpty() ? "none" : scheme));
            }
            String host = uri.getHost();
            if (host == null || host.isEmpty()) {
                throw new IllegalArgumentException("the request URI has no valid host");
            }
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            String rawPath = uri.getRawPath();
            String rawQuery = uri.getRawQuery();
            StringBuilder requestTarget = new StringBuilder();
            requestTarget.append(rawPath == null || rawPath.isEmpty() ? "/" : rawPath);
            if (rawQuery != null) {
                requestTarget.append('?').append(rawQuery);
            }
            return new Target(new HttpHost(scheme, host, uri.getPort()), requestTarget.toString());
        }
    }

    /** Visible ASCII, space, tab and Latin-1 (obs-text): what HttpCore writes unchanged. */
    private static boolean sendable(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c != '\t' && (c < 0x20 || c == 0x7F || (c > 0x7F && c < 0xA0) || c > 0xFF)) {
                return false;
            }
        }
        return true;
    }

    /** The exchange attached to an HttpClient context, or null. */
    static Exchange from(HttpContext context) {
        if (context instanceof Context own) {
            return own.exchange; // a field read, not an attribute lookup in a map another thread filled
        }
        Object value = context.getAttribute(CONTEXT_KEY);
        return value instanceof Exchange e ? e : null;
    }

    /** A new HttpClient context for this exchange (also holding it as an attribute, should HttpClient copy it). */
    HttpClientContext newContext() {
        Context context = new Context(this);
        context.setAttribute(CONTEXT_KEY, this);
        return context;
    }

    /** The HttpClient context of one exchange, which knows its exchange. */
    private static final class Context extends HttpClientContext {
        private final Exchange exchange;

        Context(Exchange exchange) {
            this.exchange = exchange;
        }
    }

    /**
     * Called by the last request interceptor, right before the head is written: from here on the request
     * may reach the service. Also takes back the User-Agent HttpClient adds when the request had none.
     */
    void beforeWrite(org.apache.hc.core5.http.HttpRequest request) {
        written = true;
        if (!hasUserAgent) {
            request.removeHeaders("User-Agent");
        }
    }

    /**
     * Links HttpClient's future: from now on cancelling ours ({@link #ended}), or {@link #abort}, cancels the
     * exchange (hard cancellation closes its connection).
     */
    void exchangeStarted(Future<?> httpClientFuture) {
        this.httpClientFuture = httpClientFuture;
    }

    /** Our future completed: if it was cancelled, cancel the exchange in HttpClient too. */
    void ended() {
        if (future.isCancelled()) {
            Future<?> f = httpClientFuture;
            if (f != null) {
                f.cancel(true);
            }
            execution.cancel();
        }
    }

    /** Fails the exchange with the given error (if still running) and cancels it in HttpClient. */
    void abort(RuntimeException error) {
        future.completeExceptionally(error);
        Future<?> f = httpClientFuture;
        if (f != null) {
            f.cancel(true);
        }
        execution.cancel();
    }

    /**
     * Where HttpClient's main exec step registers the running request's cancellation: HttpClient's own
     * dependency, plus ours, which no later step can replace. Once ours is cancelled, a cancellation registered
     * later runs at once.
     */
    CancellableDependency executionDependency(CancellableDependency httpClients) {
        return new CancellableDependency() {
            @Override
            public void setDependency(Cancellable dependency) {
                httpClients.setDependency(dependency);
                execution.setDependency(dependency);
            }

            @Override
            public boolean isCancelled() {
                return execution.isCancelled() || httpClients.isCancelled();
            }

            @Override
            public boolean cancel() {
                boolean cancelled = execution.cancel();
                return httpClients.cancel() || cancelled;
            }
        };
    }

    /** Milliseconds since the exchange was created. */
    long elapsedMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /** Whether the request head was handed to an open connection. */
    boolean written() {
        return written;
    }

    HttpHost target() {
        return target;
    }

    String requestTarget() {
        return requestTarget;
    }

    CompletableFuture<HttpResponse> future() {
        return future;
    }

    /** Method, scheme, host and port: what error messages may say about the request (never path or headers). */
    String describe() {
        int port = target.getPort() >= 0 ? target.getPort() : target.getSchemeName().equals("https") ? 443 : 80;
        String host = target.getHostName();
        if (host.indexOf(':') >= 0) {
            host = "[" + host + "]";
        }
        return method + " " + target.getSchemeName() + "://" + host + ":" + port;
    }
}
