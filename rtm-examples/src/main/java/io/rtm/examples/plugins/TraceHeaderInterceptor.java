package io.rtm.examples.plugins;

import io.rtm.core.RtmBuilder;
import io.rtm.core.spi.Chain;
import io.rtm.core.spi.HttpRequest;
import io.rtm.core.spi.HttpResponse;
import io.rtm.core.spi.Interceptor;
import io.rtm.core.spi.Phase;
import jakarta.inject.Singleton;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Adds a W3C Trace Context {@code traceparent} header to every HTTP attempt:
 * {@code 00-<trace-id: 32 hex>-<span-id: 16 hex>-<flags: 2 hex>}. Each attempt is its own span (a new span id);
 * all attempts of one call share the call's trace id.
 *
 * <p>A {@link Phase#PER_ATTEMPT} interceptor: it runs once per attempt, retries included, and proceeds exactly once.
 * An attempt starts from the call's request, so a header set by an attempt is gone on the next one; the call's trace
 * therefore comes from a {@code traceparent} already on the call's request — set by the companion
 * {@link Phase#PER_CALL} stage {@link #callStage()}, which starts a trace for each call that has none, or by any
 * per-call interceptor of your own that propagates the caller's trace. Without either, each attempt starts its own
 * trace. {@link #installInto(RtmBuilder)} installs both stages.
 *
 * <p>Ids are random and never all zeros. Thread-safe; one instance serves every call.
 */
@Singleton
public final class TraceHeaderInterceptor implements Interceptor {

    /** The W3C header name. */
    public static final String TRACEPARENT = "traceparent";

    private static final Pattern VALID = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");
    private static final String ZERO_TRACE = "0".repeat(32);
    private static final String ZERO_SPAN = "0".repeat(16);
    private static final String SAMPLED = "01";
    private static final HexFormat HEX = HexFormat.of();

    private final Interceptor callStage = new CallStage();

    /** Creates the interceptor. */
    public TraceHeaderInterceptor() {
    }

    /** {@link Phase#PER_ATTEMPT}. */
    @Override
    public Phase phase() {
        return Phase.PER_ATTEMPT;
    }

    /** Replaces the request's {@code traceparent} with one for this attempt: the call's trace id, a new span id. */
    @Override
    public CompletableFuture<HttpResponse> intercept(Chain chain) {
        HttpRequest request = chain.request();
        Optional<Matcher> parent = valid(request);
        String traceId = parent.map(m -> m.group(1)).orElseGet(TraceHeaderInterceptor::newTraceId);
        String flags = parent.map(m -> m.group(3)).orElse(SAMPLED);
        return chain.proceed(request.withHeader(TRACEPARENT, "00-" + traceId + "-" + newSpanId() + "-" + flags));
    }

    /**
     * The {@link Phase#PER_CALL} stage: gives a call that carries no valid {@code traceparent} a new trace (and a
     * span for the call as a whole), so that its attempts share one trace id.
     */
    public Interceptor callStage() {
        return callStage;
    }

    /** Adds {@link #callStage()} and this interceptor to the builder. */
    public RtmBuilder installInto(RtmBuilder builder) {
        return builder.addInterceptor(callStage).addInterceptor(this);
    }

    @Override
    public String toString() {
        return "TraceHeaderInterceptor";
    }

    private static Optional<Matcher> valid(HttpRequest request) {
        return request.headers().firstValue(TRACEPARENT).map(VALID::matcher)
                .filter(m -> m.matches() && !m.group(1).equals(ZERO_TRACE) && !m.group(2).equals(ZERO_SPAN));
    }

    static String newTraceId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String id;
        do {
            id = HEX.toHexDigits(random.nextLong()) + HEX.toHexDigits(random.nextLong());
        } while (id.equals(ZERO_TRACE));
        return id;
    }

    static String newSpanId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long id;
        do {
            id = random.nextLong();
        } while (id == 0);
        return HEX.toHexDigits(id);
    }

    /** Starts a trace for a call that has none. */
    private static final class CallStage implements Interceptor {
        @Override
        public Phase phase() {
            return Phase.PER_CALL;
        }

        @Override
        public CompletableFuture<HttpResponse> intercept(Chain chain) {
            HttpRequest request = chain.request();
            if (valid(request).isPresent()) {
                return chain.proceed(request);
            }
            return chain.proceed(request.withHeader(TRACEPARENT, "00-" + newTraceId() + "-" + newSpanId() + "-" + SAMPLED));
        }

        @Override
        public String toString() {
            return "TraceHeaderInterceptor.callStage()";
        }
    }
}
