package io.rtm.core.internal;

import io.rtm.core.error.RtmClientClosedException;
import io.rtm.core.error.RtmException;
import io.rtm.core.events.EventListener;
import io.rtm.core.events.EventPoller;
import io.rtm.core.events.EventPollerOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches one kind of events again and again: each fetch is a call of the events operation (through the chain, so
 * within its quota); its outcome goes to the listener on the completion executor, and only when the listener has
 * returned is the next fetch scheduled on the client's timer (at once after a batch, after a growing delay after an
 * empty fetch or a retryable failure). One fetch at a time; no thread is held between them. Thread-safe.
 *
 * @param <E> the event type
 */
final class DefaultEventPoller<E> implements EventPoller, ClientTask {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultEventPoller.class);

    private final DefaultRtmAsyncClient client;
    private final OperationSpec<Operations.EventsRequest, List<E>> spec;
    private final EventListener<E> listener;
    private final EventPollerOptions options;
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong possiblyLost = new AtomicLong();

    private final Object lock = new Object();
    /** Guarded by {@link #lock}: whether to go on fetching. */
    private boolean running = true;
    /** Guarded by {@link #lock}: a fetch, or the delivery of its outcome, is in progress. */
    private boolean busy;
    /** Guarded by {@link #lock}: the wait before the next fetch. */
    private ScheduledFuture<?> timer;
    /** Touched by one delivery at a time: the current backoff, null after a batch. */
    private Duration delay;

    DefaultEventPoller(DefaultRtmAsyncClient client, OperationSpec<Operations.EventsRequest, List<E>> spec,
                       EventListener<E> listener, EventPollerOptions options) {
        this.client = client;
        this.spec = spec;
        this.listener = listener;
        this.options = options;
    }

    /** Starts polling (the first fetch at once); a closed client's poller is stopped from the start. */
    DefaultEventPoller<E> start() {
        if (!client.register(this)) {
            synchronized (lock) {
                running = false;
            }
            stopped.completeExceptionally(RtmClientClosedException.rejected());
            return this;
        }
        schedule(Duration.ZERO);
        return this;
    }

    private void schedule(Duration wait) {
        synchronized (lock) {
            if (running) {
                try {
                    timer = client.scheduler().schedule(this::fetch, wait.toNanos());
                    return;
                } catch (RejectedExecutionException e) {
                    running = false; // the client closed under us
                }
            }
        }
        finish(null);
    }

    private void fetch() {
        synchronized (lock) {
            timer = null;
            if (!running) {
                return; // stop() finished it
            }
            busy = true;
        }
        client.execute(spec, Operations.EventsRequest.FETCH, options.requestOptions())
                .whenComplete((batch, error) -> client.runOnCompletion(() -> deliver(batch, error)));
    }

    /** Hands the fetch's outcome to the listener, then schedules the next fetch or finishes. */
    private void deliver(List<E> batch, Throwable error) {
        Duration next = null;
        Throwable stopCause = null;
        boolean closed = false;
        if (error == null) {
            if (batch.isEmpty()) {
                next = backoff();
            } else {
                batches.incrementAndGet();
                events.addAndGet(batch.size());
                delay = null;
                next = Duration.ZERO;
                notifyListener(() -> listener.onEvents(batch));
            }
        } else {
            Throwable t = Call.unwrap(error);
            if (t instanceof RtmClientClosedException e && !e.mayHaveReachedService()) {
                // the client closed before this read was sent: the end of polling, not a failed read (stopped() says it)
                LOG.debug("{} poller ends: the client is closed", spec.label);
                closed = true;
            } else if (t instanceof RtmException e) {
                failures.incrementAndGet();
                boolean mayBeLost = e.mayHaveReachedService();
                if (mayBeLost) {
                    long n = possiblyLost.incrementAndGet();
                    LOG.warn("{} failed after the request may have reached the service: the events it was answered with "
                            + "may be lost ({} such fetch(es) so far): {}", spec.label, n, e.getMessage());
                } else {
                    LOG.info("{} failed (nothing was lost): {}", spec.label, e.getMessage());
                }
                notifyListener(() -> listener.onFailure(e, mayBeLost));
                if (e instanceof RtmClientClosedException) {
                    closed = true;
                } else if (!e.retryable()) {
                    stopCause = e;
                } else {
                    next = backoff();
                }
            } else {
                stopCause = t; // a bug, in a plugin or in the SDK: polling on would repeat it
            }
            if (stopCause instanceof RtmException e) {
                LOG.warn("{} poller stopped: the failure is not retryable: {}", spec.label, e.getMessage());
            } else if (stopCause != null) {
                LOG.warn("{} poller stopped by an unexpected error", spec.label, stopCause); // a bug: keep the trace
            }
        }
        synchronized (lock) {
            busy = false;
            if (stopCause != null || closed) {
                running = false;
            }
            if (!running) {
                next = null;
            }
        }
        if (next == null) {
            finish(stopCause);
        } else {
            schedule(next);
        }
    }

    private Duration backoff() {
        Duration d = delay == null ? options.minDelay() : delay.multipliedBy(2);
        delay = d.compareTo(options.maxDelay()) > 0 ? options.maxDelay() : d;
        return delay;
    }

    private void notifyListener(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException | Error e) {
            LOG.warn("event listener {} threw; the poller goes on (the batch it was given is gone from the service)",
                    listener, e);
        }
    }

    private void finish(Throwable cause) {
        client.unregister(this);
        if (cause == null) {
            stopped.complete(null);
        } else {
            stopped.completeExceptionally(cause);
        }
    }

    @Override
    public void stop() {
        synchronized (lock) {
            if (!running) {
                return;
            }
            running = false;
            if (busy) {
                return; // the fetch in flight finishes, its outcome is delivered, then the poller finishes
            }
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
        }
        finish(null);
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public void clientClosing(Duration grace) {
        stop();
    }

    @Override
    public CompletableFuture<Void> stopped() {
        return stopped.copy(); // the caller's cancel must not complete ours
    }

    @Override
    public boolean isRunning() {
        synchronized (lock) {
            return running;
        }
    }

    @Override
    public long batches() {
        return batches.get();
    }

    @Override
    public long events() {
        return events.get();
    }

    @Override
    public long failures() {
        return failures.get();
    }

    @Override
    public long possiblyLostBatches() {
        return possiblyLost.get();
    }

    @Override
    public String toString() {
        return "EventPoller{" + spec.operation + ", running=" + isRunning() + ", batches=" + batches + ", events=" + events
                + ", failures=" + failures + ", possiblyLostBatches=" + possiblyLost + '}';
    }
}
