package io.rtm.core.internal;

import io.rtm.core.spi.HttpRequest;
import io.rtm.core.spi.HttpResponse;
import io.rtm.core.spi.Transport;
import java.util.concurrent.CompletableFuture;

/** A transport the caller gave us and still owns: closing the client does not close it. */
public final class UnownedTransport implements Transport {

    private final Transport delegate;

    /** Wraps the caller's transport. */
    public UnownedTransport(Transport delegate) {
        this.delegate = delegate;
    }

    @Override
    public CompletableFuture<HttpResponse> execute(HttpRequest request) {
        return delegate.execute(request);
    }

    @Override
    public void close() {
        // owned by the caller
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
