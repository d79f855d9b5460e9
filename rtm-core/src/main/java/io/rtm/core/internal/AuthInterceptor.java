package io.rtm.core.internal;

import io.rtm.core.spi.Authenticator;
import io.rtm.core.spi.Chain;
import io.rtm.core.spi.HttpRequest;
import io.rtm.core.spi.HttpResponse;
import io.rtm.core.spi.Interceptor;
import io.rtm.core.spi.Phase;
import io.rtm.core.spi.ServiceReply;
import java.util.concurrent.CompletableFuture;

/**
 * The chain's last link before the transport: adds the credentials of the client's {@link Authenticator} to each
 * attempt (possibly asynchronously, e.g. a token being fetched), and scrubs them from the reply to it
 * ({@link ServiceReply#redactEchoes}) before anything else reads it. After the first 401 of a call it asks the
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
            if (response != null) {
                try {
                    answered(call, request, response);
                } catch (RuntimeException e) {
                    return CompletableFuture.failedFuture(e);
                }
            }
            return attempt;
        }
        // A stage of its own, so that the stages above see the scrubbed reply and the authenticator's answer.
        return attempt.thenApply(response -> {
            answered(call, request, response);
            return response;
        });
    }

    private void answered(Call<?, ?> call, HttpRequest sent, HttpResponse response) {
        ServiceReply.redactEchoes(response, sent);
        if (response.status() == 401) {
            onUnauthorized(call, sent, response);
        }
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
