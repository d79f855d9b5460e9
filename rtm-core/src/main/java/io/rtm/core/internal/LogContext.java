package io.rtm.core.internal;

import io.rtm.core.spi.CallObserver;
import org.slf4j.MDC;

/**
 * What a log line about a call carries in SLF4J's {@link MDC}: {@value #API}, {@value #ATTEMPT} and, once known,
 * {@value #REQUEST_ID}, plus what the call's observers make current (e.g. trace and span IDs). Set only around the
 * SDK's log lines about a call and the completion of the caller's future; closing it puts back each key's previous
 * value (or removes it), so nothing is left in a thread's MDC. Used by one thread, opened and closed there.
 */
final class LogContext implements CallObserver.Scope {

    /** The operation's API, e.g. {@code peer}. */
    static final String API = "rtm.api";
    /** The attempt number (at the end of a call: the attempts it made). */
    static final String ATTEMPT = "rtm.attempt";
    /** The service's {@code request_id}, when a reply carried one. */
    static final String REQUEST_ID = "rtm.request_id";

    private static final String[] SMALL = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};

    private final String previousApi;
    private final String previousAttempt;
    private final String previousRequestId;
    private final CallObserver.Scope observers;

    private LogContext(String api, int attempt, String requestId, CallObservers.Handles observed, boolean caller) {
        previousApi = MDC.get(API);
        previousAttempt = MDC.get(ATTEMPT);
        previousRequestId = MDC.get(REQUEST_ID);
        MDC.put(API, api);
        MDC.put(ATTEMPT, attempt >= 0 && attempt < SMALL.length ? SMALL[attempt] : Integer.toString(attempt));
        set(REQUEST_ID, requestId); // absent: no stale ID of an enclosing call either
        CallObserver.Scope scope = CallObserver.Scope.NONE;
        if (observed != null) {
            try {
                scope = caller ? observed.callerContext() : observed.callContext();
            } catch (RuntimeException | Error e) {
                close(); // never leave the keys behind
                throw e;
            }
        }
        this.observers = scope;
    }

    /** Around the SDK's log lines about a call: its keys, and the observers' call context. */
    static LogContext ofCall(String api, int attempt, String requestId, CallObservers.Handles observed) {
        return new LogContext(api, attempt, requestId, observed, false);
    }

    /** Around the completion of the caller's future: its keys, and the observers' caller context. */
    static LogContext ofContinuation(String api, int attempts, String requestId, CallObservers.Handles observed) {
        return new LogContext(api, attempts, requestId, observed, true);
    }

    @Override
    public void close() {
        CallObserver.Scope s = observers;
        if (s != null) {
            s.close();
        }
        set(API, previousApi);
        set(ATTEMPT, previousAttempt);
        set(REQUEST_ID, previousRequestId);
    }

    private static void set(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }
}
