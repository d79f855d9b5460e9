package io.rtm.core.spi;

import java.util.concurrent.CompletableFuture;

/**
 * The rest of the pipeline, as seen by one {@link Interceptor}. Not thread-safe; used by one interceptor
 * invocation. An interceptor calls {@link #proceed} exactly once (a {@link Phase#PER_ATTEMPT}
 * interceptor) or, for a {@link Phase#PER_CALL} interceptor, exactly once per call; the chain fails the
 * second call with an {@link IllegalStateException} rather than send a duplicate.
 */
public interface Chain {

    /** The request as it stands at this point of the chain. */
    HttpRequest request();

    /** What is known about the call (API, App ID, sender, attempt number). */
    CallContext call();

    /**
     * Passes the (possibly modified) request on and returns the eventual response.
     *
     * @throws IllegalStateException when called a second time; nothing more is sent and the interceptor's
     *                               outcome becomes this exception, whatever it returns
     */
    CompletableFuture<HttpResponse> proceed(HttpRequest request);
}
