package io.rtm.core.spi;

import io.rtm.core.error.Reason;
import java.time.Duration;

/**
 * The values the SDK's built-in interceptors publish in each call's {@link CallAttributes}, for interceptors that
 * observe the pipeline (metrics, tracing, audit logs). A {@link Phase#PER_ATTEMPT} interceptor reads them when its
 * attempt's future completes (the built-ins run after it in the chain) or, for the retry keys, when its attempt starts.
 */
public final class PipelineAttributes {

    /**
     * Why the call is making this attempt again: the {@link Reason} of the previous attempt's failure (for the one
     * retry after refreshed credentials: {@link Reason#AUTHENTICATION}). Set by the retry interceptor before each
     * retry attempt starts; absent on the first attempt.
     */
    public static final AttributeKey<Reason> RETRY_REASON = AttributeKey.of("rtm.retry.reason", Reason.class);

    /** How long the call waited before this retry attempt (absent on the first attempt). */
    public static final AttributeKey<Duration> RETRY_DELAY = AttributeKey.of("rtm.retry.delay", Duration.class);

    /**
     * How long this attempt waited for the rate limiter (zero included). Set by the rate-limit interceptor when the
     * limiter admitted the attempt; a refused attempt fails with {@link io.rtm.core.error.RtmLocalRateLimitException}.
     */
    public static final AttributeKey<Duration> RATE_LIMIT_WAIT = AttributeKey.of("rtm.ratelimit.wait", Duration.class);

    private PipelineAttributes() {
    }
}
