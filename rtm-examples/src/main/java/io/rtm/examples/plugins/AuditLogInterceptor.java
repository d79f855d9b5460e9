package io.rtm.examples.plugins;

import io.rtm.core.RtmBuilder;
import io.rtm.core.error.RtmException;
import io.rtm.core.spi.CallContext;
import io.rtm.core.spi.Chain;
import io.rtm.core.spi.HttpRequest;
import io.rtm.core.spi.HttpResponse;
import io.rtm.core.spi.Interceptor;
import io.rtm.core.spi.Phase;
import io.rtm.core.spi.ServiceReply;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An audit log: one {@link AuditRecord} per send call — API, sender, final HTTP status and the service's
 * {@code code} and {@code request_id} (or the exception when no response came), attempts, duration — written to an
 * {@link AuditSink} (SLF4J by default). It reads only the status and those two JSON fields of the answer: never a
 * payload, a credential header ({@code Authorization}, {@code x-ar-token}) or any other header.
 *
 * <p>It is a {@link Phase#PER_CALL} interceptor: it sees a call once, around every attempt and retry wait, and
 * calls {@link Chain#proceed} exactly once. A per-call interceptor cannot see the attempts, so a companion
 * {@link Phase#PER_ATTEMPT} interceptor, {@link #attemptCounter()}, counts them: the call is tagged with an
 * in-process header ({@code x-rtm-audit-call-<n>}) that the counter reads and removes, so it never goes on the wire.
 * <b>Install both</b>: {@link #installInto(RtmBuilder)} does; with Guice, bind both into the {@code Multibinder}
 * (the counter's injected constructor takes this singleton):
 * <pre>{@code
 * Multibinder<Interceptor> interceptors = Multibinder.newSetBinder(binder(), Interceptor.class);
 * interceptors.addBinding().to(AuditLogInterceptor.class);
 * interceptors.addBinding().to(AuditLogInterceptor.AttemptCounter.class);
 * }</pre>
 *
 * <p>What it cannot see: a message refused before sending (validation, a sender the credentials may not use, a
 * closed client) never reaches the interceptors, so it is not audited; an attempt refused by the local rate
 * limiter is counted although nothing was sent. Thread-safe; one instance serves every call.
 */
@Singleton
public final class AuditLogInterceptor implements Interceptor {

    private static final Logger LOG = LoggerFactory.getLogger(AuditLogInterceptor.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final AuditSink sink;
    private final LongSupplier nanoTime;
    private final String marker = "x-rtm-audit-call-" + INSTANCES.incrementAndGet();
    private final AtomicLong callIds = new AtomicLong();
    private final Map<String, AtomicInteger> attemptsByCall = new ConcurrentHashMap<>();
    private final AttemptCounter attemptCounter = new AttemptCounter(this);

    /** An audit log writing to {@code sink}. */
    @Inject
    public AuditLogInterceptor(AuditSink sink) {
        this(sink, System::nanoTime);
    }

    /** An audit log writing to {@code sink}, timing calls with {@code nanoTime} (tests). */
    public AuditLogInterceptor(AuditSink sink, LongSupplier nanoTime) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    /** {@link Phase#PER_CALL}. */
    @Override
    public Phase phase() {
        return Phase.PER_CALL;
    }

    /** The companion {@link Phase#PER_ATTEMPT} interceptor that counts this log's attempts. Install it too. */
    public Interceptor attemptCounter() {
        return attemptCounter;
    }

    /** Adds this interceptor and its {@link #attemptCounter()} to the builder. */
    public RtmBuilder installInto(RtmBuilder builder) {
        return builder.addInterceptor(this).addInterceptor(attemptCounter);
    }

    @Override
    public CompletableFuture<HttpResponse> intercept(Chain chain) {
        long start = nanoTime.getAsLong();
        CallContext call = chain.call();
        String id = Long.toString(callIds.incrementAndGet());
        AtomicInteger attempts = new AtomicInteger();
        attemptsByCall.put(id, attempts);
        CompletableFuture<HttpResponse> response;
        try {
            response = chain.proceed(chain.request().withHeader(marker, id));
        } catch (RuntimeException e) {
            attemptsByCall.remove(id);
            throw e;
        }
        // whenComplete keeps the outcome; write() never throws, so the audit can never fail a send
        return response.whenComplete((r, error) -> {
            attemptsByCall.remove(id);
            write(call, r, error, attempts.get(), Duration.ofNanos(nanoTime.getAsLong() - start));
        });
    }

    private void write(CallContext call, HttpResponse response, Throwable error, int attempts, Duration duration) {
        try {
            sink.write(record(call, response, error, attempts, duration));
        } catch (RuntimeException e) {
            LOG.warn("The audit sink failed ({}); the call's outcome is unchanged", e.getClass().getName());
        }
    }

    static AuditRecord record(CallContext call, HttpResponse response, Throwable error, int attempts, Duration duration) {
        if (response != null) {
            // read as the client reads it, and parsed once for the client and every interceptor that asks
            ServiceReply reply = ServiceReply.of(response);
            return new AuditRecord(call.operation().api(), call.userId().orElse("-"), response.status(), reply.code(), reply.requestId(),
                    Optional.empty(), attempts, duration);
        }
        Throwable cause = error;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        int status = 0;
        Optional<String> code = Optional.empty();
        Optional<String> requestId = Optional.empty();
        if (cause instanceof RtmException rtm) {
            status = Math.max(rtm.httpStatus(), 0);
            code = rtm.code();
            requestId = rtm.requestId();
        }
        String name = cause == null ? "unknown" : cause.getClass().getSimpleName();
        return new AuditRecord(call.operation().api(), call.userId().orElse("-"), status, code, requestId, Optional.of(name), attempts, duration);
    }

    @Override
    public String toString() {
        return "AuditLogInterceptor{sink=" + sink + '}';
    }

    /**
     * The {@link Phase#PER_ATTEMPT} companion of an {@link AuditLogInterceptor}: counts the attempts of the calls the
     * log tagged and removes the tag before the request goes further. Thread-safe.
     */
    public static final class AttemptCounter implements Interceptor {

        private final AuditLogInterceptor log;

        /** The counter of {@code log} (the same as {@code log.attemptCounter()}, for injection). */
        @Inject
        public AttemptCounter(AuditLogInterceptor log) {
            this.log = Objects.requireNonNull(log, "log");
        }

        /** {@link Phase#PER_ATTEMPT}. */
        @Override
        public Phase phase() {
            return Phase.PER_ATTEMPT;
        }

        @Override
        public CompletableFuture<HttpResponse> intercept(Chain chain) {
            HttpRequest request = chain.request();
            Optional<String> id = request.headers().firstValue(log.marker);
            if (id.isEmpty()) {
                return chain.proceed(request);
            }
            AtomicInteger attempts = log.attemptsByCall.get(id.get());
            if (attempts != null) {
                attempts.incrementAndGet();
            }
            return chain.proceed(request.toBuilder().headers(request.headers().without(log.marker)).build());
        }

        @Override
        public String toString() {
            return "AuditLogInterceptor.AttemptCounter";
        }
    }
}
