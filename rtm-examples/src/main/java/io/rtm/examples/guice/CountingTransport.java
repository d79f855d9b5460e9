package io.rtm.examples.guice;

import io.rtm.core.spi.HttpRequest;
import io.rtm.core.spi.HttpResponse;
import io.rtm.core.spi.Transport;
import io.rtm.core.spi.TransportConfig;
import io.rtm.transport.httpclient.HttpClientTransport;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Transport} decorator that counts the requests it sends and the ones that ended without a response, around
 * the default Apache HttpClient transport — the shape of any transport a platform team substitutes (a metered,
 * proxied or sandboxed one). It keeps the {@link Transport} contract by passing everything through: it never throws
 * or blocks, and {@link #close()} closes the transport it wraps. Bound with
 * {@code OptionalBinder.newOptionalBinder(binder(), Transport.class).setBinding().to(CountingTransport.class)}, it
 * replaces the one the SDK would discover; the RTM client owns it and closes it. Thread-safe.
 */
@Singleton
public final class CountingTransport implements Transport {

    private final Transport delegate;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();

    /** Wraps a new {@link HttpClientTransport} built from the injected options (timeouts, pool, proxy, TLS). */
    @Inject
    public CountingTransport(TransportConfig config) {
        this(HttpClientTransport.create(config));
    }

    /** Wraps {@code delegate}, which it then owns (closes). */
    public CountingTransport(Transport delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public CompletableFuture<HttpResponse> execute(HttpRequest request) {
        requests.incrementAndGet();
        CompletableFuture<HttpResponse> response = delegate.execute(request);
        // count on the side; the caller gets the delegate's own future, so cancelling it still aborts the exchange
        response.whenComplete((r, error) -> {
            if (error != null) {
                failures.incrementAndGet();
            }
        });
        return response;
    }

    /** Requests handed to the transport so far (every attempt, retries included). */
    public long requests() {
        return requests.get();
    }

    /** Requests that ended without an HTTP response (I/O failure, timeout, cancellation). */
    public long failures() {
        return failures.get();
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed.get();
    }

    /** Closes the wrapped transport. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            delegate.close();
        }
    }

    @Override
    public String toString() {
        return "CountingTransport{requests=" + requests + ", failures=" + failures + ", delegate=" + delegate + '}';
    }
}
