package io.rtm.core.internal;

import io.rtm.core.spi.CallContext;
import io.rtm.core.spi.CallObserver;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client's {@link CallObserver}s. {@link #start} returns their handles on one call, or null when there are none
 * (then the call does no observer work at all). An observer that throws is logged (a warning the first time, then at
 * debug level) and never fails the call. Thread-safe.
 */
final class CallObservers {

    private static final Logger LOG = LoggerFactory.getLogger(CallObservers.class);

    private final CallObserver[] observers;
    private final AtomicBoolean warned = new AtomicBoolean();

    CallObservers(List<CallObserver> observers) {
        this.observers = observers.toArray(new CallObserver[0]);
    }

    boolean isEmpty() {
        return observers.length == 0;
    }

    /** The observers' handles on a call starting now (on the caller's thread); null when none takes it. */
    Handles start(CallContext call) {
        if (observers.length == 0) {
            return null;
        }
        if (observers.length == 1) { // the usual case: no array
            CallObserver.Observed h = start(observers[0], call);
            return h == null ? null : new Handles(new CallObserver.Observed[] {h});
        }
        CallObserver.Observed[] handles = new CallObserver.Observed[observers.length];
        int n = 0;
        for (CallObserver o : observers) {
            CallObserver.Observed h = start(o, call);
            if (h != null) {
                handles[n++] = h;
            }
        }
        return n == 0 ? null : new Handles(n == handles.length ? handles : Arrays.copyOf(handles, n));
    }

    private CallObserver.Observed start(CallObserver observer, CallContext call) {
        try {
            return observer.onStart(call);
        } catch (RuntimeException e) {
            failed(observer, "onStart", e);
            return null;
        }
    }

    private void failed(Object observer, String what, RuntimeException e) {
        if (warned.compareAndSet(false, true)) {
            LOG.warn("call observer {} failed in {} (ignored; later failures are logged at debug level)",
                    observer.getClass().getName(), what, e);
        } else {
            LOG.debug("call observer {} failed in {}", observer.getClass().getName(), what, e);
        }
    }

    /** The observers' handles on one call. Thread-safe. */
    final class Handles {
        private final CallObserver.Observed[] handles;

        private Handles(CallObserver.Observed[] handles) {
            this.handles = handles;
        }

        /** The call ended with this outcome (called once). */
        void end(Object result, Throwable error) {
            for (CallObserver.Observed h : handles) {
                try {
                    h.onEnd(result, error);
                } catch (RuntimeException e) {
                    failed(h, "onEnd", e);
                }
            }
        }

        /** Every observer's caller context, current until the scope closes. */
        CallObserver.Scope callerContext() {
            return open(true);
        }

        /** Every observer's call context, current until the scope closes. */
        CallObserver.Scope callContext() {
            return open(false);
        }

        private CallObserver.Scope open(boolean caller) {
            CallObserver.Scope[] scopes = new CallObserver.Scope[handles.length];
            for (int i = 0; i < handles.length; i++) {
                try {
                    CallObserver.Scope s = caller ? handles[i].callerContext() : handles[i].callContext();
                    scopes[i] = s != null ? s : CallObserver.Scope.NONE;
                } catch (RuntimeException e) {
                    failed(handles[i], caller ? "callerContext" : "callContext", e);
                    scopes[i] = CallObserver.Scope.NONE;
                }
            }
            if (scopes.length == 1) {
                return guarded(scopes[0]);
            }
            return () -> {
                for (int i = scopes.length - 1; i >= 0; i--) { // innermost first
                    guarded(scopes[i]).close();
                }
            };
        }

        private CallObserver.Scope guarded(CallObserver.Scope scope) {
            return scope == CallObserver.Scope.NONE ? scope : () -> {
                try {
                    scope.close();
                } catch (RuntimeException e) {
                    failed(scope, "Scope.close", e);
                }
            };
        }
    }
}
