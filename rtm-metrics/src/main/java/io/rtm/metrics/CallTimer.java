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

    /**
     * The tags of one {@value RtmMetrics#CALLS} timer; {@code exception} is null for none. Shared with the call's
     * Observation ({@link CallObservations}), whose low-cardinality key values are the same.
     */
    record Key(String api, Outcome outcome, int code, Class<?> exception) {

        /** A call that ended with a reply of this status and code ({@link ReplyCodes} index). */
        static Key replied(String api, int status, int code) {
            return new Key(api, Outcome.forStatus(status), code, null);
        }

        /** A call that failed. */
        static Key failed(String api, ReplyCodes codes, Throwable error) {
            Throwable cause = TagValues.unwrap(error);
            Outcome outcome = Outcome.UNKNOWN;
            int code = ReplyCodes.NONE_INDEX;
            if (cause instanceof RtmException e) {
                outcome = e.httpStatus() > 0 ? Outcome.forStatus(e.httpStatus()) : Outcome.UNKNOWN;
                code = codes.indexOf(e.code().orElse(null));
            }
            return new Key(api, outcome, code, cause.getClass());
        }

        /** Its tags, after the extra tags. */
        Tags tags(Tags extraTags, ReplyCodes codes) {
            return extraTags.and(RtmMetrics.TAG_API, api).and(RtmMetrics.TAG_OUTCOME, outcome.name())
                    .and(RtmMetrics.TAG_CODE, codes.tag(code)).and(RtmMetrics.TAG_EXCEPTION, TagValues.exception(exception));
        }
    }

    private final MeterRegistry registry;
    private final Failures failures = new Failures();
    private final Clock clock;
    private final Tags extraTags;
    private final ReplyCodes codes;
    /** False when an Observation times each call instead (the gauge is still this interceptor's). */
    private final boolean recordTimer;
    private final ConcurrentHashMap<String, AtomicInteger> inflight = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Key, Timer> timers = new ConcurrentHashMap<>();

    CallTimer(MeterRegistry registry, Tags extraTags, ReplyCodes codes, boolean recordTimer) {
        this.recordTimer = recordTimer;
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
            if (!recordTimer) {
                return; // an Observation times the call (RtmMetrics.Builder.observationRegistry)
            }
            Key key = error == null ? Key.replied(api, response.status(), codes.indexOfReply(response))
                    : Key.failed(api, codes, error);
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
                .tags(key.tags(extraTags, codes))
                .register(registry);
    }
}
