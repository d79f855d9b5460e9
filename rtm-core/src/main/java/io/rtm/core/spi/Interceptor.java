package io.rtm.core.spi;

import java.util.concurrent.CompletableFuture;

/**
 * A step of the send pipeline (OkHttp style): observe or change the request, call
 * {@link Chain#proceed} exactly once, observe or change the response. Must not block: return a future.
 * Thread-safe: one instance serves every call.
 */
@FunctionalInterface
public interface Interceptor {

    /** Handles one call or attempt. */
    CompletableFuture<HttpResponse> intercept(Chain chain);

    /** Where this interceptor runs; the default is {@link Phase#PER_ATTEMPT}. */
    default Phase phase() {
        return Phase.PER_ATTEMPT;
    }
}
