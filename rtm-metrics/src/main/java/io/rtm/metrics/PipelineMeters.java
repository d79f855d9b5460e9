package io.rtm.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.rtm.core.Operation;
import io.rtm.core.error.Reason;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The meters of what the chain's built-in stages do, per API: retries ({@value RtmMetrics#RETRIES}), local rate-limit
 * waits ({@value RtmMetrics#RATE_LIMIT_WAIT}) and refusals ({@value RtmMetrics#RATE_LIMIT_REJECTED}). The attempt
 * interceptor feeds them from the call's {@link io.rtm.core.spi.PipelineAttributes}. Thread-safe, never throws.
 */
final class PipelineMeters {

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
    private final ConcurrentHashMap<String, PerApi> apis = new ConcurrentHashMap<>();

    PipelineMeters(MeterRegistry registry, Tags extraTags) {
        this.registry = registry;
        this.extraTags = extraTags;
        for (Operation op : Operation.builtIn()) {
            perApi(op.api()); // registered at build, so dashboards see zeroes before the first call
        }
    }

    private PerApi perApi(String api) {
        PerApi meters = apis.get(api);
        return meters != null ? meters : apis.computeIfAbsent(api, a -> {
            Tags tags = extraTags.and(RtmMetrics.TAG_API, a);
            return new PerApi(
                    Timer.builder(RtmMetrics.RATE_LIMIT_WAIT)
                            .description("Time attempts waited for the local rate limiter (zero waits included)")
                            .tags(tags).register(registry),
                    Counter.builder(RtmMetrics.RATE_LIMIT_REJECTED)
                            .description("Attempts the local rate limiter refused because their slot was beyond the allowed wait")
                            .tags(tags).register(registry));
        });
    }

    /** A retry attempt of the API starts, after a failure of this reason ({@link Reason#value()}; null when unknown). */
    void retry(String api, String value) {
        ConcurrentHashMap<String, Counter> byReason = perApi(api).retries;
        Counter counter = value == null ? null : byReason.get(value);
        if (counter == null) {
            String tag = boundedReason(byReason, value);
            counter = byReason.computeIfAbsent(tag, r -> Counter.builder(RtmMetrics.RETRIES)
                    .description("Attempts of RTM calls that failed and were retried")
                    .tags(extraTags)
                    .tag(RtmMetrics.TAG_API, api)
                    .tag(RtmMetrics.TAG_REASON, r)
                    .register(registry));
        }
        counter.increment();
    }

    /** The local rate limiter admitted an attempt of the API after this wait. */
    void rateLimitWaited(String api, Duration waited) {
        perApi(api).waits.record(waited.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** The local rate limiter refused an attempt of the API. */
    void rateLimitRejected(String api) {
        perApi(api).rejected.increment();
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
