package io.rtm.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@value RtmMetrics#INFLIGHT} gauges. A registry keeps the first gauge registered under an ID and ignores
 * later registrations, so every client instrumented on one registry with the same tags must count on the same
 * number: this holder hands out one counter per (registry, tags). Registries are held weakly.
 */
final class InflightGauges {

    private static final Map<MeterRegistry, Map<Tags, AtomicInteger>> SHARED = new WeakHashMap<>();

    private InflightGauges() {
    }

    /** The in-flight count behind the gauge of these tags on this registry, registering the gauge the first time. */
    static AtomicInteger of(MeterRegistry registry, Tags tags) {
        synchronized (SHARED) {
            return SHARED.computeIfAbsent(registry, r -> new HashMap<>()).computeIfAbsent(tags, t -> {
                AtomicInteger count = new AtomicInteger();
                Gauge.builder(RtmMetrics.INFLIGHT, count, AtomicInteger::get)
                        .description("RTM send calls in flight (started, not yet completed)")
                        .tags(t)
                        .strongReference(true)
                        .register(registry);
                return count;
            });
        }
    }
}
