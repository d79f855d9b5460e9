package io.rtm.opentelemetry;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.rtm.core.spi.CallContext;
import io.rtm.core.spi.Chain;
import io.rtm.core.spi.HttpResponse;
import io.rtm.core.spi.Interceptor;
import io.rtm.core.spi.Phase;
import io.rtm.core.spi.PipelineAttributes;
import io.rtm.core.spi.TraceConventions;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The {@link Phase#PER_ATTEMPT} interceptor: when a retry attempt starts, adds a {@value TraceConventions#EVENT_RETRY}
 * event to the call's span with the reason and wait the retry stage published. Here rather than with the exchange
 * span, so that a retry the rate limiter then refuses is on the trace too. Thread-safe; stateless.
 */
final class RetryEvents implements Interceptor {

    @Override
    public Phase phase() {
        return Phase.PER_ATTEMPT;
    }

    @Override
    public String name() {
        return "opentelemetry-retries";
    }

    @Override
    public CompletableFuture<HttpResponse> intercept(Chain chain) {
        CallContext call = chain.call();
        if (call.attempt() > 1) {
            CallSpans.CallSpan span = call.attributes().get(CallSpans.CALL).orElse(null);
            if (span != null && span.span.isRecording()) {
                AttributesBuilder event = Attributes.builder()
                        .put(Keys.HTTP_REQUEST_RESEND_COUNT, call.attempt() - 1);
                call.attributes().get(PipelineAttributes.RETRY_REASON)
                        .ifPresent(reason -> event.put(Keys.RTM_RETRY_REASON, reason.value()));
                call.attributes().get(PipelineAttributes.RETRY_DELAY)
                        .ifPresent(delay -> event.put(Keys.RTM_RETRY_DELAY, seconds(delay)));
                span.span.addEvent(TraceConventions.EVENT_RETRY, event.build());
            }
        }
        return chain.proceed(chain.request());
    }

    static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    @Override
    public String toString() {
        return "RetryEvents";
    }
}
