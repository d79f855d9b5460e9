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
import java.util.function.Function;

/**
 * Runs a list of interceptors in order, then a terminal step. Enforces the contract: each interceptor
 * proceeds at most once (a second call fails instead of sending a duplicate), must not return null, and
 * an exception it throws fails the future instead of escaping.
 */
public final class RealChain implements Chain {

    private final List<Interceptor> interceptors;
    private final int index;
    private final HttpRequest request;
    private final CallContext call;
    private final Function<HttpRequest, CompletableFuture<HttpResponse>> terminal;
    private final AtomicBoolean proceeded = new AtomicBoolean();
    private volatile IllegalStateException violation;

    private RealChain(List<Interceptor> interceptors, int index, HttpRequest request, CallContext call,
                      Function<HttpRequest, CompletableFuture<HttpResponse>> terminal) {
        this.interceptors = interceptors;
        this.index = index;
        this.request = request;
        this.call = call;
        this.terminal = terminal;
    }

    /** Runs {@code interceptors} then {@code terminal} for the request. */
    public static CompletableFuture<HttpResponse> run(List<Interceptor> interceptors, HttpRequest request, CallContext call,
                                                      Function<HttpRequest, CompletableFuture<HttpResponse>> terminal) {
        return new RealChain(interceptors, 0, request, call, terminal).dispatch(request);
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
     * Passes the request on. A second call throws {@link IllegalStateException} and nothing more is sent;
     * the interceptor's outcome is then that exception, whatever future it returns.
     */
    @Override
    public CompletableFuture<HttpResponse> proceed(HttpRequest next) {
        Objects.requireNonNull(next, "request");
        if (!proceeded.compareAndSet(false, true)) {
            IllegalStateException e = new IllegalStateException("interceptor "
                    + interceptors.get(index - 1).getClass().getName() + " called proceed() more than once");
            violation = e;
            throw e;
        }
        return dispatch(next);
    }

    private CompletableFuture<HttpResponse> dispatch(HttpRequest next) {
        if (index == interceptors.size()) {
            try {
                return nonNull(terminal.apply(next), "the transport stage");
            } catch (RuntimeException | Error e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        Interceptor interceptor = interceptors.get(index);
        RealChain rest = new RealChain(interceptors, index + 1, next, call, terminal);
        CompletableFuture<HttpResponse> outcome;
        try {
            outcome = interceptor.intercept(rest);
            if (outcome == null) {
                return nonNull(null, "interceptor " + interceptor.getClass().getName());
            }
        } catch (RuntimeException | Error e) {
            return CompletableFuture.failedFuture(e);
        }
        if (outcome.isDone() && rest.violation == null) {
            return outcome; // already decided, and the interceptor kept the contract: no stage to add
        }
        // An interceptor that proceeded twice fails loudly even if it returned the first response.
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
