package io.rtm.core.spi;

/**
 * Where an {@link Interceptor} sits in the pipeline: {@code [PER_CALL..., retry, PER_ATTEMPT..., rate-limit,
 * PER_EXCHANGE..., auth] -> transport}.
 */
public enum Phase {
    /** Once per call, around every attempt and retry wait (e.g. a call timer). */
    PER_CALL,
    /**
     * Once per attempt, after the retry stage and before the rate-limit wait (e.g. a per-attempt timer that includes
     * the wait); an attempt the local rate limiter refuses passes here too.
     */
    PER_ATTEMPT,
    /**
     * Once per HTTP exchange: after the rate limiter admitted the attempt, right before authentication and the
     * transport (OkHttp's network interceptors, minus the credentials: auth runs after, and only adds its own
     * headers). An attempt the rate limiter refused never gets here. For what must measure or wrap the exchange
     * itself, e.g. a tracing span per HTTP request and its propagation headers.
     */
    PER_EXCHANGE
}
