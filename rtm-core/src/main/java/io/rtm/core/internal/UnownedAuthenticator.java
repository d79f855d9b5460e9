package io.rtm.core.internal;

import io.rtm.core.spi.Authenticator;
import io.rtm.core.spi.CallContext;
import io.rtm.core.spi.HttpRequest;
import io.rtm.core.spi.HttpResponse;
import java.util.concurrent.CompletableFuture;

/** An authenticator the caller gave the builder and still owns: closing the client does not close it. */
public final class UnownedAuthenticator implements Authenticator {

    private final Authenticator delegate;

    /** Wraps the caller's authenticator. */
    public UnownedAuthenticator(Authenticator delegate) {
        this.delegate = delegate;
    }

    @Override
    public void checkSender(String senderId) {
        delegate.checkSender(senderId);
    }

    @Override
    public CompletableFuture<HttpRequest> authenticate(HttpRequest request, CallContext call) {
        return delegate.authenticate(request, call);
    }

    @Override
    public boolean onUnauthorized(HttpRequest request, HttpResponse response) {
        return delegate.onUnauthorized(request, response);
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
