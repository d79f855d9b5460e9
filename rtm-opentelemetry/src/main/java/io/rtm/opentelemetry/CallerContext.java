package io.rtm.opentelemetry;

import io.opentelemetry.context.Context;
import io.rtm.core.spi.CallContext;
import io.rtm.core.spi.CallObserver;

/**
 * All that tracing does on the no-op OpenTelemetry API (no SDK, no agent: no span could record or propagate
 * anything): the caller's context, captured at the call's start, is current again around the caller's continuations.
 * A call started in the root context has nothing to carry and is not observed at all. Thread-safe; stateless.
 */
final class CallerContext implements CallObserver {

    @Override
    public Observed onStart(CallContext call) {
        Context captured = Context.current();
        if (captured == Context.root()) {
            return null;
        }
        return new Observed() {
            @Override
            public void onEnd(Object result, Throwable error) {
            }

            @Override
            public Scope callerContext() {
                return captured.makeCurrent()::close;
            }
        };
    }

    @Override
    public String toString() {
        return "CallerContext";
    }
}
