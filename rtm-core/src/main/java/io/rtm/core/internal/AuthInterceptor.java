package io.rtm.core.internal;

import io.rtm.core.spi.Authenticator;
import io.rtm.core.spi.Chain;
import io.rtm.core.spi.HttpRequest;
import io.rtm.core.spi.HttpResponse;
import io.rtm.core.spi.Interceptor;
import io.rtm.core.spi.Phase;
import java.util.concurrent.CompletableFuture;

/**
 * The chain's last link before the transport: adds the credentials of the client's {@link Authenticator} to each
 * attempt (possibly asynchronously, e.g. a token being fetched). After the first 401 of a call it asks the
 * authenticator whether new credentials are available ({@link Authenticator#onUnauthorized}); if so, the retry stage
 * makes exactly one more attempt at once. Thread-safe: one instance serves every call of a client.
 */
final class AuthInterceptor implements Interceptor {

    private final Authenticator authenticator;

    AuthInterceptor(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public String name() {
        return "auth";
    }

    @Override
    public Phase phase() {
        return Phase.PER_ATTEMPT;
    }

    Authenticator authenticator() {
        return authenticator;
    }

    @Override
    public CompletableFuture<HttpResponse> intercept(Chain chain) {
        Call<?, ?> call = RealChain.owner(chain, "auth");
        CompletableFuture<HttpRequest> authenticated;
        try {
            authenticated = authenticator.authenticate(chain.request(), chain.call());
            if (authenticated == null) {
                throw new IllegalStateException("authenticator " + authenticator.getClass().getName() + " returned null");
            }
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (authenticated.isDone() && !authenticated.isCompletedExceptionally()) {
            return send(chain, call, authenticated.join()); // authenticated at once (Basic, a cached token)
        }
        return authenticated.thenCompose(request -> send(chain, call, request));
    }

    private CompletableFuture<HttpResponse> send(Chain chain, Call<?, ?> call, HttpRequest request) {
        CompletableFuture<HttpResponse> attempt = chain.proceed(request);
        if (attempt.isDone()) {
            HttpResponse response = attempt.isCompletedExceptionally() ? null : attempt.join();
            if (response != null && response.status() == 401) {
                try {
                    onUnauthorized(call, request, response);
                } catch (RuntimeException e) {
                    return CompletableFuture.failedFuture(e);
                }
            }
            return attempt;
        }
        // A stage of its own, so the retry stage sees the authenticator's answer before it decides.
        return attempt.thenApply(response -> {
            if (response.status() == 401) {
                onUnauthorized(call, request, response);
            }
            return response;
        });
    }

    private void onUnauthorized(Call<?, ?> call, HttpRequest sent, HttpResponse response) {
        if (call.takeRefreshAttempt() && authenticator.onUnauthorized(sent, response)) {
            call.refreshGranted();
        }
    }

    @Override
    public String toString() {
        return "AuthInterceptor{" + authenticator + '}';
    }
}
