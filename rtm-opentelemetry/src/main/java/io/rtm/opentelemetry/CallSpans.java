package io.rtm.opentelemetry;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.rtm.core.Operation;
import io.rtm.core.SendResult;
import io.rtm.core.error.RtmException;
import io.rtm.core.spi.AttributeKey;
import io.rtm.core.spi.CallContext;
import io.rtm.core.spi.CallObserver;
import io.rtm.core.spi.TraceConventions;
import java.util.Locale;

/**
 * The call observer: at the call's start, on the caller's thread, captures the current context and starts the call's
 * span as its child; when the call ends, records the outcome and ends the span, before the caller's future
 * completes. The captured context is current again around the caller's continuations; the call's span around the
 * SDK's log lines about the call. Thread-safe; one instance serves every call.
 */
final class CallSpans implements CallObserver {

    /** The call's span, shared with the exchange and retry interceptors through the call's attributes. */
    static final AttributeKey<CallSpan> CALL = AttributeKey.of("rtm.opentelemetry.call", CallSpan.class);

    private final Tracer tracer;

    CallSpans(Tracer tracer) {
        this.tracer = tracer;
    }

    @Override
    public Observed onStart(CallContext call) {
        Context parent = Context.current();
        Operation op = call.operation();
        SpanBuilder builder = tracer.spanBuilder(TraceConventions.callSpanName(op))
                .setParent(parent)
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute(Keys.MESSAGING_SYSTEM, TraceConventions.SYSTEM)
                .setAttribute(Keys.MESSAGING_OPERATION_NAME, op.name())
                .setAttribute(Keys.RTM_API, op.api());
        String type = TraceConventions.messagingOperationType(op);
        if (type != null) {
            builder.setAttribute(Keys.MESSAGING_OPERATION_TYPE, type);
        }
        CallSpan span = new CallSpan(parent, builder.startSpan());
        call.attributes().put(CALL, span);
        return span;
    }

    @Override
    public String toString() {
        return "CallSpans";
    }

    /** One call's span and the context it was started in. */
    static final class CallSpan implements Observed {
        final Context parent;
        final Span span;
        private volatile Context context;

        CallSpan(Context parent, Span span) {
            this.parent = parent;
            this.span = span;
        }

        /** The caller's context with the call's span: the parent of the exchange spans. */
        Context context() {
            Context c = context;
            if (c == null) {
                c = parent.with(span);
                context = c;
            }
            return c;
        }

        @Override
        public void onEnd(Object result, Throwable error) {
            if (span.isRecording()) {
                if (error == null) {
                    if (result instanceof SendResult r) {
                        span.setAttribute(Keys.RTM_ATTEMPTS, r.attempts());
                        if (!r.code().isEmpty()) {
                            span.setAttribute(Keys.RTM_CODE, r.code());
                        }
                        r.requestId().ifPresent(id -> span.setAttribute(Keys.RTM_REQUEST_ID, id));
                        span.setAttribute(Keys.RTM_DELIVERY_CODE, r.deliveryCode().name().toLowerCase(Locale.ROOT));
                    }
                } else {
                    Throwable cause = Failures.unwrap(error);
                    if (cause instanceof RtmException e) {
                        span.setAttribute(Keys.RTM_ATTEMPTS, e.attempts());
                        span.setAttribute(Keys.RTM_ERROR_REASON, e.reason().value());
                        e.code().ifPresent(code -> span.setAttribute(Keys.RTM_CODE, code));
                        e.requestId().ifPresent(id -> span.setAttribute(Keys.RTM_REQUEST_ID, id));
                    }
                    Failures.record(span, cause);
                }
            }
            span.end();
        }

        @Override
        public Scope callerContext() {
            return new TraceMdc(parent.makeCurrent(), span.getSpanContext());
        }

        @Override
        public Scope callContext() {
            return new TraceMdc(context().makeCurrent(), span.getSpanContext());
        }
    }
}
