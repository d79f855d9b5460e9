package io.rtm.core.events;

import java.util.concurrent.CompletableFuture;

/**
 * Keeps fetching one kind of events and hands each batch to an {@link EventListener} before it asks for the next
 * (see {@link EventPollerOptions} for the pacing). It runs on the client's scheduler, with no thread of its own and
 * none parked between fetches; the listener runs on the client's completion executor. It stops on {@link #stop()}, on
 * the client's {@code close()}, or on a failure that is not {@linkplain io.rtm.core.error.RtmException#retryable()
 * retryable} (e.g. 401). Stopping never cancels a fetch in flight: the events it returns are already removed from the
 * service, so they are still handed to the listener, then {@link #stopped()} completes. Thread-safe.
 */
public interface EventPoller extends AutoCloseable {

    /** Stops fetching (idempotent, never blocks); a fetch in flight finishes and its batch is still delivered. */
    void stop();

    /** {@link #stop()}. */
    @Override
    void close();

    /**
     * Completes once the poller has stopped and its last batch was delivered: normally after {@link #stop()} or the
     * client's close, exceptionally with the failure that stopped it. Cancelling the returned future does not stop
     * the poller.
     */
    CompletableFuture<Void> stopped();

    /** Whether it still fetches (false once {@link #stop()} was called or it stopped by itself). */
    boolean isRunning();

    /** Batches handed to the listener so far. */
    long batches();

    /** Events handed to the listener so far. */
    long events();

    /** Failed fetches so far (each also reported to the listener and logged). */
    long failures();

    /**
     * Failed fetches that may have reached the service, whose events may be lost (each logged at WARN and reported to
     * the listener with {@code eventsMayBeLost}).
     */
    long possiblyLostBatches();
}
