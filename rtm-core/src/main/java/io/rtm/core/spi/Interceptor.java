package io.rtm.core.spi;

import java.util.concurrent.CompletableFuture;

/**
 * A link of the pipeline's chain (OkHttp style): observe or change the request, call {@link Chain#proceed} exactly
 * once, observe or change the response. Must not block: return a future. Thread-safe: one instance serves every call.
 *
 * <p>A client's chain is {@code [PER_CALL interceptors..., retry, PER_ATTEMPT interceptors..., rate-limit,
 * PER_EXCHANGE interceptors..., auth] -> transport}: the SDK's own retry, rate-limit and auth stages are interceptors
 * too ({@code RtmAsyncClient.interceptors()} lists them), configured with {@code retryStrategy}, {@code rateLimiter}
 * and {@code authenticator}. Interceptors share per-call values through {@link CallContext#attributes()}; to see a
 * call from the caller's side (its start on the caller's thread, every outcome), use a {@link CallObserver}.
 */
@FunctionalInterface
public interface Interceptor {

    /** Handles one call ({@link Phase#PER_CALL}) or one attempt ({@link Phase#PER_ATTEMPT}). */
    CompletableFuture<HttpResponse> intercept(Chain chain);

    /** Where this interceptor runs; the default is {@link Phase#PER_ATTEMPT}. */
    default Phase phase() {
        return Phase.PER_ATTEMPT;
    }

    /** A short name for diagnostics (e.g. in {@code RtmAsyncClient.interceptors()}); the default is the class's simple name. */
    default String name() {
        String simple = getClass().getSimpleName();
        return simple.isEmpty() ? getClass().getName() : simple;
    }
}
