package io.rtm.opentelemetry;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Scope;
import io.rtm.core.spi.CallObserver;
import org.slf4j.MDC;

/**
 * A context made current, and the trace and span IDs of the call's span in SLF4J's MDC ({@value #TRACE_ID},
 * {@value #SPAN_ID}: the names OpenTelemetry's own log instrumentation uses), until closed; closing puts back what
 * was there. Opened and closed on one thread.
 */
final class TraceMdc implements CallObserver.Scope {

    static final String TRACE_ID = "trace_id";
    static final String SPAN_ID = "span_id";

    private final Scope context;
    private final boolean ids;
    private final String previousTrace;
    private final String previousSpan;

    TraceMdc(Scope context, SpanContext span) {
        this.context = context;
        this.ids = span.isValid();
        if (ids) {
            previousTrace = MDC.get(TRACE_ID);
            previousSpan = MDC.get(SPAN_ID);
            MDC.put(TRACE_ID, span.getTraceId());
            MDC.put(SPAN_ID, span.getSpanId());
        } else {
            previousTrace = null;
            previousSpan = null;
        }
    }

    @Override
    public void close() {
        if (ids) {
            restore(TRACE_ID, previousTrace);
            restore(SPAN_ID, previousSpan);
        }
        context.close();
    }

    private static void restore(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }
}
