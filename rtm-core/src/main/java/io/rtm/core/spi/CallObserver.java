package io.rtm.core.spi;

/**
 * Follows each call of a client from its start, on the caller's thread, to its end, and carries what the caller's
 * thread held (a trace context, a logging or security context) to the threads that finish the call. What tracing
 * needs beyond {@link Interceptor}s: interceptors see the exchanges, an observer sees the call as the caller does,
 * including a call refused before anything is sent (e.g. by validation).
 *
 * <p>The client calls {@link #onStart} on the caller's thread before it validates the request; the
 * {@link Observed} it returns is then asked
 * <ul>
 *   <li>{@link Observed#callerContext()} around the completion of the asynchronous client's future (so the
 *       caller's continuations run in the caller's context, whatever thread completes them);</li>
 *   <li>{@link Observed#callContext()} around the SDK's own log lines about the call;</li>
 *   <li>{@link Observed#onEnd} exactly once, with the call's outcome, before the caller's future completes.</li>
 * </ul>
 * Observers are given in an {@link Instrumentation}. With none, the client does no work and allocates nothing for
 * them. Implementations must be thread-safe, must not block, and should not throw: an exception is logged and
 * ignored, never fails the call.
 */
@FunctionalInterface
public interface CallObserver {

    /**
     * A call starts. Called on the caller's thread, before the request is validated; {@code call.attempt()} is 0 and
     * {@code call.attributes()} is the call's bag, which the call's interceptors see too.
     *
     * @return this observer's handle on the call, or null to ignore it
     */
    Observed onStart(CallContext call);

    /** One observer's handle on one call. Its methods may be called from any thread. */
    interface Observed {

        /**
         * The call ended: called once, on the thread that ended it, before the caller's future completes (a call the
         * caller cancels ends as it is cancelled).
         *
         * @param result the call's result (e.g. a {@link io.rtm.core.SendResult}), or null when it failed
         * @param error  why it failed (an {@link io.rtm.core.error.RtmException}, or a
         *               {@link java.util.concurrent.CancellationException}), or null
         */
        void onEnd(Object result, Throwable error);

        /**
         * Makes the context captured at {@link #onStart} current on this thread until the scope is closed, which puts
         * back what was there before. Used around the completion of the caller's future. Default: nothing.
         */
        default Scope callerContext() {
            return Scope.NONE;
        }

        /**
         * Makes the call's own context current (e.g. its span) until the scope is closed. Used around the SDK's log
         * lines about the call. Default: nothing.
         */
        default Scope callContext() {
            return Scope.NONE;
        }
    }

    /** Undoes what opening it did (on the thread that opened it); closing twice is harmless. */
    @FunctionalInterface
    interface Scope extends AutoCloseable {

        /** The scope that does nothing. */
        Scope NONE = () -> { };

        /** Restores what was current before; never throws. */
        @Override
        void close();
    }
}
