package io.rtm.opentelemetry;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.rtm.core.Operation;
import io.rtm.core.spi.CallContext;
import io.rtm.core.spi.Chain;
import io.rtm.core.spi.HttpRequest;
import io.rtm.core.spi.HttpResponse;
import io.rtm.core.spi.Interceptor;
import io.rtm.core.spi.Phase;
import io.rtm.core.spi.PipelineAttributes;
import io.rtm.core.spi.ServiceReply;
import io.rtm.core.spi.TraceConventions;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The {@link Phase#PER_EXCHANGE} interceptor: one HTTP client span per exchange, a child of the call's span, started
 * after the rate limiter admitted the attempt (the wait is a {@value TraceConventions#EVENT_RATE_LIMIT_WAIT} event on
 * the call's span) and ended with the exchange's outcome. The propagator's headers of this span go on the request
 * (authentication runs after and only adds its own), and the span is the current context while the request is handed
 * to the transport, so an HTTP client instrumentation of the OpenTelemetry agent nests its span under it.
 * Thread-safe; one instance serves every exchange.
 */
final class ExchangeSpans implements Interceptor {

    private static final TextMapSetter<HttpRequest[]> SETTER = (carrier, name, value) -> {
        if (carrier != null) {
            carrier[0] = carrier[0].withHeader(name, value);
        }
    };

    private final Tracer tracer;
    private final TextMapPropagator propagator;

    ExchangeSpans(Tracer tracer, TextMapPropagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    @Override
    public Phase phase() {
        return Phase.PER_EXCHANGE;
    }

    @Override
    public String name() {
        return "opentelemetry-exchanges";
    }

    @Override
    public CompletableFuture<HttpResponse> intercept(Chain chain) {
        CallContext call = chain.call();
        HttpRequest request = chain.request();
        CallSpans.CallSpan callSpan = call.attributes().get(CallSpans.CALL).orElse(null);
        Context parent = callSpan != null ? callSpan.context() : Context.current();
        if (callSpan != null && callSpan.span.isRecording()) {
            Duration waited = call.attributes().get(PipelineAttributes.RATE_LIMIT_WAIT).orElse(Duration.ZERO);
            if (!waited.isZero()) {
                callSpan.span.addEvent(TraceConventions.EVENT_RATE_LIMIT_WAIT,
                        Attributes.of(Keys.RTM_RATE_LIMIT_WAIT, RetryEvents.seconds(waited)));
            }
        }
        Operation op = call.operation();
        URI uri = request.uri();
        SpanBuilder builder = tracer.spanBuilder(TraceConventions.exchangeSpanName(op))
                .setParent(parent)
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute(Keys.HTTP_REQUEST_METHOD, request.method())
                .setAttribute(Keys.URL_TEMPLATE, op.uriTemplate());
        if (uri.getHost() != null) {
            builder.setAttribute(Keys.SERVER_ADDRESS, uri.getHost());
            builder.setAttribute(Keys.SERVER_PORT, port(uri));
        }
        if (call.attempt() > 1) {
            builder.setAttribute(Keys.HTTP_REQUEST_RESEND_COUNT, call.attempt() - 1);
        }
        Span span = builder.startSpan();
        if (!span.getSpanContext().isValid()) {
            return chain.proceed(request); // the no-op API: nothing to propagate or record
        }
        Context context = parent.with(span);
        HttpRequest[] carrier = {request};
        propagator.inject(context, carrier, SETTER);
        CompletableFuture<HttpResponse> outcome;
        try (Scope ignored = context.makeCurrent()) {
            outcome = chain.proceed(carrier[0]);
        } catch (RuntimeException | Error e) {
            end(span, null, e);
            throw e;
        }
        if (!span.isRecording()) {
            return outcome; // sampled out: propagated, nothing to record
        }
        return outcome.whenComplete((response, error) -> end(span, response, error));
    }

    private static long port(URI uri) {
        int port = uri.getPort();
        return port > 0 ? port : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static void end(Span span, HttpResponse response, Throwable error) {
        if (span.isRecording()) {
            if (response != null) {
                int status = response.status();
                span.setAttribute(Keys.HTTP_RESPONSE_STATUS_CODE, status);
                ServiceReply reply = ServiceReply.of(response);
                reply.code().ifPresent(code -> span.setAttribute(Keys.RTM_CODE, code));
                reply.requestId().ifPresent(id -> span.setAttribute(Keys.RTM_REQUEST_ID, id));
                if (status >= 400) {
                    span.setAttribute(Keys.ERROR_TYPE, Integer.toString(status));
                    span.setStatus(StatusCode.ERROR);
                }
            } else if (error != null) {
                Failures.record(span, Failures.unwrap(error));
            }
        }
        span.end();
    }

    @Override
    public String toString() {
        return "ExchangeSpans";
    }
}
