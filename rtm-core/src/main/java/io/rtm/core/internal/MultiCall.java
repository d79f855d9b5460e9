package io.rtm.core.internal;

import io.rtm.core.RequestOptions;
import io.rtm.core.error.RtmClientClosedException;
import io.rtm.core.error.RtmException;
import io.rtm.core.error.RtmTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * A result made of several calls and scheduled waits between them (a history page: create the query, then read it
 * until it is no longer "in progress"), under one deadline. Each call runs through the client's chain with the time
 * left as its own deadline and the caller's retry strategy. Waits are scheduled on the client's timer (no thread
 * sleeps); a wait that would end after the deadline ends the result at the deadline instead. Cancelling
 * {@link #result()}, the deadline and the client's close stop the work in progress. Thread-safe.
 *
 * @param <T> the result type
 */
abstract class MultiCall<T> implements ClientTask {

    final DefaultRtmAsyncClient client;
    private final CompletableFuture<T> result = new CompletableFuture<>();
    private final RequestOptions options;
    private final Duration timeout;
    private final long deadline;
    /** The call or wait in progress; cancelled when the result ends from outside. */
    private volatile Future<?> current;
    private volatile boolean waiting;
    private volatile int calls;

    MultiCall(DefaultRtmAsyncClient client, RequestOptions options) {
        this.client = client;
        this.options = options == null ? RequestOptions.defaults() : options;
        this.timeout = this.options.timeout().orElse(client.callTimeout());
        this.deadline = System.nanoTime() + timeout.toNanos();
    }

    /** The first step: a {@link #call}. */
    abstract void begin();

    /** Starts the work; the result completes exactly once (on the SDK's threads: the caller hands it off). */
    final CompletableFuture<T> start() {
        if (!client.register(this)) {
            result.completeExceptionally(RtmClientClosedException.rejected());
            return result;
        }
        result.whenComplete((r, e) -> {
            client.unregister(this);
            Future<?> f = current;
            if (f != null && !f.isDone()) {
                f.cancel(true); // ended from outside (cancelled, deadline, close): stop the call or the wait
            }
        });
        step(this::begin);
        return result;
    }

    /** Runs one call of the operation, then {@code next} with its result (on the thread that completed it). */
    final <Q, R> void call(OperationSpec<Q, R> spec, Q request, Consumer<R> next) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            fail(deadlinePassed(false));
            return;
        }
        RequestOptions.Builder o = RequestOptions.builder().timeout(Duration.ofNanos(left));
        options.retryStrategy().ifPresent(o::retryStrategy);
        calls++;
        waiting = false;
        CompletableFuture<R> call = client.execute(spec, request, o.build());
        current = call;
        if (result.isDone()) {
            call.cancel(true);
            return;
        }
        call.whenComplete((r, e) -> {
            if (result.isDone()) {
                return;
            }
            if (e != null) {
                fail(Call.unwrap(e));
            } else {
                step(() -> next.accept(r));
            }
        });
    }

    /** Runs {@code next} after the delay, on the client's timer; ends the result at the deadline if that comes first. */
    final void after(Duration delay, Runnable next) {
        if (client.isClosed()) {
            fail(RtmClientClosedException.aborted(client.closeGrace(), calls, calls > 0));
            return;
        }
        long left = deadline - System.nanoTime();
        boolean pastDeadline = delay.toNanos() >= left;
        Runnable task = pastDeadline ? () -> fail(deadlinePassed(true)) : () -> step(next);
        waiting = true;
        try {
            current = client.scheduler().schedule(task, pastDeadline ? left : delay.toNanos());
        } catch (RejectedExecutionException e) {
            fail(RtmClientClosedException.aborted(client.closeGrace(), calls, calls > 0)); // the client closed under us
            return;
        }
        if (result.isDone()) {
            current.cancel(false);
        } else if (client.isClosed()) {
            clientClosing(client.closeGrace()); // close() may have run before the wait was set: it did not see it
        }
    }

    /** Completes the result. */
    final void complete(T value) {
        result.complete(value);
    }

    /** Fails the result (if not done yet). */
    final void fail(Throwable error) {
        result.completeExceptionally(mapDeadline(error));
    }

    @Override
    public final void clientClosing(Duration grace) {
        if (waiting) {
            // a call in flight may finish within the grace period; a wait for the next call cannot end well
            fail(RtmClientClosedException.aborted(grace, calls, calls > 0));
        }
    }

    private void step(Runnable step) {
        try {
            step.run();
        } catch (RuntimeException | Error e) {
            fail(e); // e.g. a reply decoder's error: never leave the result to its deadline
        }
    }

    /** A call's own deadline is what was left of this one's: report this one's. */
    private Throwable mapDeadline(Throwable error) {
        if (error instanceof RtmTimeoutException t && t.kind() == RtmTimeoutException.Kind.DEADLINE
                && deadline - System.nanoTime() <= 0) {
            return RtmTimeoutException.deadline(timeout, t.attempts(), t.mayHaveReachedService());
        }
        return error;
    }

    private RtmException deadlinePassed(boolean reached) {
        return RtmTimeoutException.deadline(timeout, 0, reached);
    }

    final CompletableFuture<T> result() {
        return result;
    }
}
