package io.rtm.metrics;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.http.Outcome;
import io.rtm.core.Operation;
import io.rtm.core.error.RtmException;
import io.rtm.core.spi.Chain;
import io.rtm.core.spi.HttpResponse;
import io.rtm.core.spi.Interceptor;
import io.rtm.core.spi.Phase;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@link Phase#PER_CALL} interceptor: times each call ({@value RtmMetrics#CALLS}) and counts the calls in
 * flight ({@value RtmMetrics#INFLIGHT}). It sees the call's final response (2xx, or an error status once retries
 * are over) or the failure that ended it. Thread-safe; one instance serves every call.
 */
final class CallTimer implements Interceptor {

    /** One {@value RtmMetrics#CALLS} timer; {@code exception} is null for none. */
    private record Key(String api, Outcome outcome, int code, Class<?> exception) {
    }

    private final MeterRegistry registry;
    private final Failures failures = new Failures();
    private final Clock clock;
    private final Tags extraTags;
    private final ReplyCodes codes;
    private final ConcurrentHashMap<String, AtomicInteger> inflight = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Key, Timer> timers = new ConcurrentHashMap<>();

    CallTimer(MeterRegistry registry, Tags extraTags, ReplyCodes codes) {
        this.registry = registry;
        this.clock = registry.config().clock();
        this.extraTags = extraTags;
        this.codes = codes;
        for (Operation op : Operation.builtIn()) {
            inflight(op.api()); // registered at build, so dashboards see zeroes before the first call
        }
    }

    private AtomicInteger inflight(String api) {
        AtomicInteger count = inflight.get(api);
        return count != null ? count : inflight.computeIfAbsent(api,
                a -> InflightGauges.of(registry, extraTags.and(RtmMetrics.TAG_API, a)));
    }

    @Override
    public Phase phase() {
        return Phase.PER_CALL;
    }

    @Override
    public CompletableFuture<HttpResponse> intercept(Chain chain) {
        String api = chain.call().operation().api();
        AtomicInteger active = inflight(api);
        long start = clock.monotonicTime();
        active.incrementAndGet();
        CompletableFuture<HttpResponse> outcome;
        try {
            outcome = chain.proceed(chain.request());
        } catch (RuntimeException | Error e) {
            active.decrementAndGet();
            record(api, start, null, e);
            throw e;
        }
        if (outcome == null) { // the chain never returns null; a broken one must not leave the gauge up
            active.decrementAndGet();
            return null;
        }
        // The returned stage completes after the meters are updated, so a caller who sees the result sees them.
        return outcome.whenComplete((response, error) -> {
            active.decrementAndGet();
            record(api, start, response, error);
        });
    }

    private void record(String api, long start, HttpResponse response, Throwable error) {
        try {
            Key key;
            if (error == null) {
                key = new Key(api, Outcome.forStatus(response.status()), codes.indexOfReply(response), null);
            } else {
                Throwable cause = TagValues.unwrap(error);
                Outcome outcome = Outcome.UNKNOWN;
                int code = ReplyCodes.NONE_INDEX;
                if (cause instanceof RtmException e) {
                    outcome = e.httpStatus() > 0 ? Outcome.forStatus(e.httpStatus()) : Outcome.UNKNOWN;
                    code = codes.indexOf(e.code().orElse(null));
                }
                key = new Key(api, outcome, code, cause.getClass());
            }
            Timer timer = timers.get(key);
            if (timer == null) {
                timer = timers.computeIfAbsent(key, this::register);
            }
            timer.record(clock.monotonicTime() - start, TimeUnit.NANOSECONDS);
        } catch (RuntimeException e) {
            // metrics never fail a call (e.g. a registry whose meter filter throws)
            failures.couldNotRecord(RtmMetrics.CALLS, e);
        }
    }

    private Timer register(Key key) {
        return Timer.builder(RtmMetrics.CALLS)
                .description("RTM calls, from the first attempt to the final result (retries included)")
                .tags(extraTags)
                .tag(RtmMetrics.TAG_API, key.api())
                .tag(RtmMetrics.TAG_OUTCOME, key.outcome().name())
                .tag(RtmMetrics.TAG_CODE, codes.tag(key.code()))
                .tag(RtmMetrics.TAG_EXCEPTION, TagValues.exception(key.exception()))
                .register(registry);
    }
}
