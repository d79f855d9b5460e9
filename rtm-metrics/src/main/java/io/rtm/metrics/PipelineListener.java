package io.rtm.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.rtm.core.Api;
import io.rtm.core.spi.CallContext;
import io.rtm.core.spi.CallListener;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Counts retries ({@value RtmMetrics#RETRIES}) and times local rate-limit waits ({@value RtmMetrics#RATE_LIMIT_WAIT})
 * and refusals ({@value RtmMetrics#RATE_LIMIT_REJECTED}). Thread-safe, never throws (the pipeline calls it inline).
 */
final class PipelineListener implements CallListener {

    /** Distinct {@code reason} values kept per API; later ones are counted as {@code other}. */
    static final int MAX_REASONS = 32;
    static final String OTHER = "other";

    /** The meters of one API. */
    private static final class PerApi {
        final Timer waits;
        final Counter rejected;
        final ConcurrentHashMap<String, Counter> retries = new ConcurrentHashMap<>();

        PerApi(Timer waits, Counter rejected) {
            this.waits = waits;
            this.rejected = rejected;
        }
    }

    private final MeterRegistry registry;
    private final Tags extraTags;
    private final PerApi[] apis;

    PipelineListener(MeterRegistry registry, Tags extraTags) {
        this.registry = registry;
        this.extraTags = extraTags;
        apis = new PerApi[Api.values().length];
        for (Api api : Api.values()) {
            Tags tags = extraTags.and(RtmMetrics.TAG_API, TagValues.api(api));
            apis[api.ordinal()] = new PerApi(
                    Timer.builder(RtmMetrics.RATE_LIMIT_WAIT)
                            .description("Time attempts waited for the local rate limiter (zero waits included)")
                            .tags(tags).register(registry),
                    Counter.builder(RtmMetrics.RATE_LIMIT_REJECTED)
                            .description("Attempts the local rate limiter refused because their slot was beyond the allowed wait")
                            .tags(tags).register(registry));
        }
    }

    @Override
    public void onRetry(CallContext call, String reason, Duration delay) {
        ConcurrentHashMap<String, Counter> byReason = apis[call.api().ordinal()].retries;
        Counter counter = reason == null ? null : byReason.get(reason);
        if (counter == null) {
            String tag = boundedReason(byReason, reason);
            counter = byReason.computeIfAbsent(tag, r -> Counter.builder(RtmMetrics.RETRIES)
                    .description("Attempts of RTM send calls that failed and were retried")
                    .tags(extraTags)
                    .tag(RtmMetrics.TAG_API, TagValues.api(call.api()))
                    .tag(RtmMetrics.TAG_REASON, r)
                    .register(registry));
        }
        counter.increment();
    }

    @Override
    public void onRateLimitWait(CallContext call, Duration waited) {
        apis[call.api().ordinal()].waits.record(waited.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void onRateLimitRejected(CallContext call, Duration wouldWait) {
        apis[call.api().ordinal()].rejected.increment();
    }

    /** The reason itself when it is a short snake_case word and there is room for one more; else {@code other}. */
    private static String boundedReason(ConcurrentHashMap<String, Counter> byReason, String reason) {
        if (reason == null || reason.isEmpty() || reason.length() > 32 || byReason.size() >= MAX_REASONS) {
            return OTHER;
        }
        for (int i = 0; i < reason.length(); i++) {
            char c = reason.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_')) {
                return OTHER;
            }
        }
        return reason;
    }
}
