package io.rtm.core.internal;

import io.rtm.core.spi.CallContext;
import io.rtm.core.spi.Chain;
import io.rtm.core.spi.HttpRequest;
import io.rtm.core.spi.HttpResponse;
import io.rtm.core.spi.Interceptor;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs a call's links in order, then the transport step of its {@link Call}. Enforces the contract: each link
 * proceeds at most once (a second call fails instead of sending a duplicate) — except the retry stage, which proceeds
 * once per attempt, one attempt at a time, each with the next attempt number; a link must not return null; an
 * exception it throws fails the future instead of escaping. Not thread-safe: one instance per link invocation.
 */
final class RealChain implements Chain {

    private final Call<?, ?> owner;
    private final List<Interceptor> links;
    private final int index;
    private final HttpRequest request;
    private final CallContext call;
    /** This chain is the retry stage's: one proceed per attempt. */
    private final boolean perAttempt;
    private final AtomicBoolean proceeded = new AtomicBoolean();
    private volatile CompletableFuture<HttpResponse> attemptInProgress;
    private volatile IllegalStateException violation;

    private RealChain(Call<?, ?> owner, List<Interceptor> links, int index, HttpRequest request, CallContext call,
                      boolean perAttempt) {
        this.owner = owner;
        this.links = links;
        this.index = index;
        this.request = request;
        this.call = call;
        this.perAttempt = perAttempt;
    }

    /** Runs the call's links, then its transport step, for its request. */
    static CompletableFuture<HttpResponse> run(Call<?, ?> owner, List<Interceptor> links, HttpRequest request, CallContext call) {
        return new RealChain(owner, links, 0, request, call, false).dispatch(request, call);
    }

    /** The call a built-in interceptor runs in; it works only in an RTM client's own chain. */
    static Call<?, ?> owner(Chain chain, String who) {
        if (chain instanceof RealChain real) {
            return real.owner;
        }
        throw new IllegalStateException("the built-in " + who + " interceptor runs only in an RTM client's chain");
    }

    @Override
    public HttpRequest request() {
        return request;
    }

    @Override
    public CallContext call() {
        return call;
    }

    /**
     * Passes the request on. A second call throws {@link IllegalStateException} and nothing more is sent; the link's
     * outcome is then that exception, whatever future it returns. The retry stage's chain starts one attempt per call
     * instead, and throws when the previous attempt has not ended.
     */
    @Override
    public CompletableFuture<HttpResponse> proceed(HttpRequest next) {
        Objects.requireNonNull(next, "request");
        if (perAttempt) {
            CompletableFuture<HttpResponse> previous = attemptInProgress;
            if (previous != null && !previous.isDone()) {
                throw broken("started an attempt before the previous one ended");
            }
            CompletableFuture<HttpResponse> attempt = dispatch(next, call.forAttempt(owner.startAttempt()));
            attemptInProgress = attempt;
            return attempt;
        }
        if (!proceeded.compareAndSet(false, true)) {
            throw broken("called proceed() more than once");
        }
        return dispatch(next, call);
    }

    private IllegalStateException broken(String what) {
        IllegalStateException e = new IllegalStateException("interceptor " + links.get(index - 1).getClass().getName() + " " + what);
        violation = e;
        return e;
    }

    private CompletableFuture<HttpResponse> dispatch(HttpRequest next, CallContext context) {
        if (index == links.size()) {
            try {
                return nonNull(owner.send(next), "the transport stage");
            } catch (RuntimeException | Error e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        Interceptor link = links.get(index);
        RealChain rest = new RealChain(owner, links, index + 1, next, context, link instanceof RetryInterceptor);
        CompletableFuture<HttpResponse> outcome;
        try {
            outcome = link.intercept(rest);
            if (outcome == null) {
                return nonNull(null, "interceptor " + link.getClass().getName());
            }
        } catch (RuntimeException | Error e) {
            return CompletableFuture.failedFuture(e);
        }
        if (outcome.isDone() && rest.violation == null) {
            return outcome; // already decided, and the link kept the contract: no stage to add
        }
        // A link that proceeded twice fails loudly even if it returned the first response.
        CompletableFuture<HttpResponse> checked = new CompletableFuture<>();
        outcome.whenComplete((response, error) -> {
            IllegalStateException broken = rest.violation;
            if (broken != null) {
                checked.completeExceptionally(broken);
            } else if (error != null) {
                checked.completeExceptionally(error);
            } else {
                checked.complete(response);
            }
        });
        return checked;
    }

    private static CompletableFuture<HttpResponse> nonNull(CompletableFuture<HttpResponse> f, String who) {
        return f != null ? f : CompletableFuture.failedFuture(new IllegalStateException(who + " returned null"));
    }
}
