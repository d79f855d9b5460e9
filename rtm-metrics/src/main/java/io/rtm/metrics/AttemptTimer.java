package io.rtm.metrics;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.http.Outcome;
import io.rtm.core.error.RtmLocalRateLimitException;
import io.rtm.core.spi.CallContext;
import io.rtm.core.spi.Chain;
import io.rtm.core.spi.HttpRequest;
import io.rtm.core.spi.HttpResponse;
import io.rtm.core.spi.Interceptor;
import io.rtm.core.spi.Phase;
import io.rtm.core.spi.PipelineAttributes;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The {@link Phase#PER_ATTEMPT} interceptor: times each HTTP attempt as {@value RtmMetrics#HTTP_CLIENT_REQUESTS}
 * with Micrometer's HTTP client tags. An attempt the local rate limiter refused sent nothing and is not recorded as a
 * request, but counted in {@value RtmMetrics#RATE_LIMIT_REJECTED}; an admitted one records its wait in
 * {@value RtmMetrics#RATE_LIMIT_WAIT}, and a retry attempt counts in {@value RtmMetrics#RETRIES} (all from the call's
 * {@link PipelineAttributes}). Thread-safe; one instance serves every attempt.
 */
final class AttemptTimer implements Interceptor {

    /** Micrometer's {@code status} when the attempt failed with an I/O or runtime error. */
    static final String STATUS_IO_ERROR = "IO_ERROR";
    /** Micrometer's {@code status} when there was neither a response nor such an error. */
    static final String STATUS_CLIENT_ERROR = "CLIENT_ERROR";
    private static final int IO_ERROR = -1;
    private static final int CLIENT_ERROR = -2;
    private static final String UNKNOWN = "UNKNOWN";
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE");

    /**
     * The tags of one timer; {@code status} is the HTTP status or {@link #IO_ERROR}/{@link #CLIENT_ERROR};
     * {@code exception} null for none. Shared with the exchange's Observation ({@link ExchangeObservations}), whose
     * low-cardinality key values are the same.
     */
    record Key(String uri, String method, int status, Class<?> exception, String clientName) {

        /** An attempt of the call that ended with this response or failure ({@code cause}: unwrapped, or null). */
        static Key of(CallContext call, HttpRequest request, HttpResponse response, Throwable cause, String clientName) {
            int status;
            if (cause instanceof IOException || cause instanceof RuntimeException) {
                status = IO_ERROR;
            } else if (response == null) {
                status = CLIENT_ERROR;
            } else {
                status = response.status();
            }
            return new Key(call.operation().uriTemplate(), AttemptTimer.method(request.method()), status,
                    cause == null ? null : cause.getClass(), clientName != null ? clientName : AttemptTimer.host(request));
        }

        /** Its tags, after the extra tags. */
        Tags tags(Tags extraTags) {
            String statusTag = status == IO_ERROR ? STATUS_IO_ERROR
                    : status == CLIENT_ERROR ? STATUS_CLIENT_ERROR : Integer.toString(status);
            Outcome outcome = status > 0 ? Outcome.forStatus(status) : Outcome.UNKNOWN;
            return extraTags.and(RtmMetrics.TAG_METHOD, method).and(RtmMetrics.TAG_URI, uri)
                    .and(RtmMetrics.TAG_STATUS, statusTag).and(RtmMetrics.TAG_OUTCOME, outcome.name())
                    .and(RtmMetrics.TAG_EXCEPTION, TagValues.exception(exception)).and(RtmMetrics.TAG_CLIENT_NAME, clientName);
        }
    }

    private final MeterRegistry registry;
    private final Failures failures = new Failures();
    private final Clock clock;
    private final Tags extraTags;
    /** The configured {@code client.name}, or null to use the request's host. */
    private final String clientName;
    private final ConcurrentHashMap<Key, Timer> timers = new ConcurrentHashMap<>();
    private final PipelineMeters pipeline;
    /** False when an Observation times each exchange instead (the pipeline meters are still this interceptor's). */
    private final boolean recordTimer;

    AttemptTimer(MeterRegistry registry, Tags extraTags, String clientName, PipelineMeters pipeline, boolean recordTimer) {
        this.recordTimer = recordTimer;
        this.registry = registry;
        this.pipeline = pipeline;
        this.clock = registry.config().clock();
        this.extraTags = extraTags;
        this.clientName = clientName;
    }

    @Override
    public Phase phase() {
        return Phase.PER_ATTEMPT;
    }

    @Override
    public CompletableFuture<HttpResponse> intercept(Chain chain) {
        HttpRequest request = chain.request();
        CallContext call = chain.call();
        if (call.attempt() > 1) {
            try {
                pipeline.retry(call.operation().api(),
                        call.attributes().get(PipelineAttributes.RETRY_REASON).map(r -> r.value()).orElse(null));
            } catch (RuntimeException e) {
                failures.couldNotRecord(RtmMetrics.RETRIES, e);
            }
        }
        long start = clock.monotonicTime();
        CompletableFuture<HttpResponse> outcome;
        try {
            outcome = chain.proceed(request);
        } catch (RuntimeException | Error e) {
            record(call, request, start, null, e);
            throw e;
        }
        if (outcome == null) {
            return null;
        }
        return outcome.whenComplete((response, error) -> record(call, request, start, response, error));
    }

    private void record(CallContext call, HttpRequest request, long start, HttpResponse response, Throwable error) {
        String api = call.operation().api();
        try {
            Throwable cause = error == null ? null : TagValues.unwrap(error);
            if (cause instanceof RtmLocalRateLimitException) {
                pipeline.rateLimitRejected(api);
                return; // refused before sending: not an HTTP request
            }
            call.attributes().get(PipelineAttributes.RATE_LIMIT_WAIT).ifPresent(waited -> pipeline.rateLimitWaited(api, waited));
            if (!recordTimer) {
                return;
            }
            Key key = Key.of(call, request, response, cause, clientName);
            Timer timer = timers.get(key);
            if (timer == null) {
                timer = timers.computeIfAbsent(key, this::register);
            }
            timer.record(clock.monotonicTime() - start, TimeUnit.NANOSECONDS);
        } catch (RuntimeException e) {
            failures.couldNotRecord(RtmMetrics.HTTP_CLIENT_REQUESTS, e);
        }
    }

    static String method(String method) {
        return "POST".equals(method) ? "POST" : METHODS.contains(method) ? method : UNKNOWN;
    }

    static String host(HttpRequest request) {
        String host = request.uri().getHost();
        return host == null ? TagValues.NONE : host;
    }

    private Timer register(Key key) {
        return Timer.builder(RtmMetrics.HTTP_CLIENT_REQUESTS)
                .description("HTTP requests of the RTM client, one per attempt")
                .tags(key.tags(extraTags))
                .register(registry);
    }
}
