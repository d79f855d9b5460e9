package io.rtm.core.internal;

import io.rtm.core.SendResult;
import io.rtm.core.error.RtmClientClosedException;
import io.rtm.core.error.RtmException;
import io.rtm.core.error.RtmTimeoutException;
import io.rtm.core.spi.CallContext;
import io.rtm.core.spi.HttpRequest;
import io.rtm.core.spi.HttpResponse;
import io.rtm.core.spi.Quota;
import io.rtm.core.spi.RetryStrategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call: runs the client's chain once ({@link RealChain}) and turns its outcome into the call's result or typed
 * error. It owns what every link of the chain shares: the deadline, the attempt count, whether an attempt may have
 * reached the service, the work in progress (a rate-limiter wait, an exchange, a pending retry) so that cancelling,
 * the deadline and {@code close()} can stop it, and the earlier attempts' errors. The concerns themselves live in the
 * links: {@link RetryInterceptor}, {@link RateLimitInterceptor}, {@link AuthInterceptor}.
 *
 * <p>{@link #result()} completes exactly once: with a result, a typed error, the deadline, the client's close, or
 * cancellation by the caller (which aborts the work in progress). When the client has call observers, they see the
 * outcome before that future completes.
 *
 * @param <Q> the request type
 * @param <R> the result type
 */
final class Call<Q, R> {

    private static final Logger LOG = LoggerFactory.getLogger(Call.class);

    /**
     * A call's future. It knows its call (for the completion hand-off's log context), and when the call has observers,
     * the first completion (a result, an error, a cancellation) tells them the outcome before the future completes, so
     * a span has ended when the caller's continuations run; later completions do nothing, as on any future.
     */
    static final class Outcome<R> extends CompletableFuture<R> {
        /** Its only field, so that it is no bigger than a plain future (the observers' state is the call's). */
        final Call<?, R> call;

        Outcome(Call<?, R> call) {
            this.call = call;
        }

        @Override
        public boolean complete(R value) {
            return call.firstOutcome(value, null) && super.complete(value);
        }

        @Override
        public boolean completeExceptionally(Throwable ex) {
            return call.firstOutcome(null, unwrap(ex)) && super.completeExceptionally(ex);
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            if (call.observed == null) {
                return super.cancel(mayInterruptIfRunning);
            }
            if (call.firstOutcome(null, new CancellationException("cancelled"))) {
                return super.cancel(mayInterruptIfRunning);
            }
            return isCancelled(); // another outcome is being completed: too late to cancel
        }
    }

    @SuppressWarnings("rawtypes")
    private static final java.util.concurrent.atomic.AtomicIntegerFieldUpdater<Call> ENDED =
            java.util.concurrent.atomic.AtomicIntegerFieldUpdater.newUpdater(Call.class, "ended");

    private final DefaultRtmAsyncClient client;
    private final OperationSpec<Q, R> spec;
    private final CallContext context;
    private final HttpRequest request;
    private final RetryStrategy strategy;
    private final Quota quota;
    /** The caller's future, completed by the pipeline or from outside. */
    private final Outcome<R> result;
    /** The call observers' handles, or null when the client has none. */
    private final CallObservers.Handles observed;
    /** 1 once the observers were told the outcome. */
    private volatile int ended;
    private final long deadline;
    private final long timeoutNanos;
    private final List<RtmException> earlier = new ArrayList<>(0);
    private volatile int attempts;
    /** Whether an attempt so far may have reached the service (the final error says so over every attempt). */
    private volatile boolean reachedService;
    /** The current rate-limiter wait or exchange, cancelled when the call ends from outside. */
    private volatile Future<?> inProgress;
    /** Whether the current attempt's request was handed to the transport (and has no outcome yet). */
    private volatile boolean exchangeInFlight;
    private volatile int sentAttempt;
    private volatile HttpRequest lastSent;
    private volatile ScheduledFuture<?> pendingRetry;
    /** The retry stage's outcome, ended with the call's error when the call ends from outside. */
    private volatile CompletableFuture<HttpResponse> retryStage;
    private volatile boolean refreshAttempted;
    private volatile boolean refreshGranted;
    /** Set when the deadline or the client's close ended the call; guarded by this, as is the decision to send. */
    private boolean endedFromOutside;
    /** Told once, when the first attempt got its permit and went to the transport (the bulk sender's pacing); or null. */
    private volatile Runnable onAdmitted;

    Call(DefaultRtmAsyncClient client, OperationSpec<Q, R> spec, CallContext context, HttpRequest request,
         RetryStrategy strategy, long timeoutNanos, CallObservers.Handles observed) {
        this.client = client;
        this.observed = observed;
        this.result = new Outcome<>(this);
        this.spec = spec;
        this.context = context;
        this.request = request;
        this.strategy = strategy;
        this.quota = client.quota(spec.operation);
        this.timeoutNanos = timeoutNanos;
        this.deadline = System.nanoTime() + timeoutNanos;
    }

    /** The caller's future. */
    Outcome<R> result() {
        return result;
    }

    /** Tells {@code listener} (once) when an attempt of this call got its rate-limit permit and was handed on. */
    void onAdmitted(Runnable listener) {
        this.onAdmitted = listener;
    }

    /** An attempt got its permit and was handed on: tells the listener, the first time. */
    void admitted() {
        Runnable r = onAdmitted;
        if (r != null) {
            onAdmitted = null;
            r.run();
        }
    }

    OperationSpec<Q, R> spec() {
        return spec;
    }

    RetryStrategy strategy() {
        return strategy;
    }

    Quota quota() {
        return quota;
    }

    DefaultRtmAsyncClient client() {
        return client;
    }

    /**
     * Starts the call (the client has added it to its {@link InFlightCalls}; it removes itself when it completes).
     * Throws {@link java.util.concurrent.RejectedExecutionException} only when the client's scheduler was shut down;
     * the caller then fails the call.
     */
    void start() {
        // The deadline is enforced by the client's InFlightCalls sweep (checkDeadline), not by a task per call.
        result.whenComplete((r, e) -> {
            client.inFlight().remove(this);
            if (result.isCancelled()) {
                cancelWork();
            }
            // Ended from outside (deadline, close, cancellation) while the retry stage waits: per-call interceptors
            // still see the end, with the error the caller sees.
            CompletableFuture<HttpResponse> out = retryStage;
            if (out != null && !out.isDone()) {
                out.completeExceptionally(e == null ? new CancellationException("call completed") : unwrap(e));
            }
        });
        if (result.isDone()) {
            return; // aborted (client closed) before it started
        }
        RealChain.run(this, client.links(), request, context).whenComplete((response, error) -> {
            try {
                finish(response, error);
            } catch (RuntimeException | Error e) {
                result.completeExceptionally(e); // e.g. a broken reply decoder: never leave the call to its deadline
            }
        });
    }

    /**
     * The transport step, the end of the chain: sends the attempt's request, unless the call has ended meanwhile (e.g.
     * its deadline passed while a token was fetched): its error said then whether an attempt may have reached the
     * service, so nothing may be sent after it.
     */
    CompletableFuture<HttpResponse> send(HttpRequest attemptRequest) {
        synchronized (this) { // excludes endFromOutside(): either it sees this attempt in flight, or nothing is sent
            if (endedFromOutside || result.isDone()) {
                return CompletableFuture.failedFuture(new CancellationException("the call ended before this attempt was sent"));
            }
            lastSent = attemptRequest;
            sentAttempt = attempts;
            exchangeInFlight = true;
        }
        CompletableFuture<HttpResponse> exchange = client.transport().execute(attemptRequest);
        inProgress = exchange;
        if (result.isDone()) {
            exchange.cancel(true);
        }
        return exchange;
    }

    private void finish(HttpResponse response, Throwable error) {
        if (result.isDone()) {
            return; // ended from outside; the caller already has its outcome
        }
        int n = attempts;
        if (error == null) {
            if (ResponseMapper.isSuccess(response.status())) {
                result.complete(spec.decode(response, n));
            } else {
                fail(toException(response, n).withAttempts(n, reachedService));
            }
            return;
        }
        Throwable cause = unwrap(error);
        if (cause instanceof RtmException e) {
            fail(e.withAttempts(n, reachedService));
        } else {
            result.completeExceptionally(cause);
        }
    }

    private void fail(RtmException e) {
        if (LOG.isDebugEnabled()) {
            try (LogContext ignored = logContext(e.attempts(), e.requestId().orElse(null))) {
                LOG.debug("{} failed after {} attempt(s): {}", spec.operation.name(), e.attempts(), e.reason().value());
            }
        }
        synchronized (earlier) {
            for (RtmException previous : earlier) {
                if (previous != e) {
                    e.addSuppressed(previous);
                }
            }
        }
        result.completeExceptionally(e);
    }

    /**
     * Whether this completion of the caller's future is the first; the first tells the observers the outcome before
     * the future completes, so a span has ended when the caller's continuations run. Always true without observers.
     */
    private boolean firstOutcome(Object value, Throwable error) {
        if (observed == null) {
            return true;
        }
        if (!ENDED.compareAndSet(this, 0, 1)) {
            return false;
        }
        observed.end(value, error);
        return true;
    }

    // ---- log context ----

    /** The log context of a line about this call's attempt {@code attempt} (its observers' call context included). */
    LogContext logContext(int attempt, String requestId) {
        return LogContext.ofCall(spec.operation.api(), attempt, requestId, observed);
    }

    /** The log context around the completion of the caller's future, which ended with this outcome. */
    LogContext continuationContext(Object value, Throwable error) {
        return LogContext.ofContinuation(spec.operation.api(), attempts, requestId(value, error), observed);
    }

    /** The {@code request_id} of the reply that ended the call, if any. */
    private static String requestId(Object value, Throwable error) {
        Throwable cause = error == null ? null : unwrap(error);
        if (cause instanceof RtmException e) {
            return e.requestId().orElse(null);
        }
        return value instanceof SendResult r ? r.requestId().orElse(null) : null;
    }

    // ---- shared with the links ----

    /** Whether the call has its outcome (the links stop their work then). */
    boolean isDone() {
        return result.isDone();
    }

    /** Counts a new attempt (the retry stage's chain calls it when it starts one); returns its number. */
    int startAttempt() {
        return ++attempts;
    }

    int attempts() {
        return attempts;
    }

    /** The attempt the rate limiter refused was never made: it does not count. */
    void notAnAttempt(int n) {
        attempts = n - 1;
    }

    /** The retry stage's outcome future, ended from outside if the call is. */
    void retryStage(CompletableFuture<HttpResponse> out) {
        retryStage = out;
        if (result.isDone()) {
            out.cancel(false);
        }
    }

    /** An attempt ended: nothing of it is in progress any more. */
    void attemptEnded() {
        inProgress = null;
        exchangeInFlight = false;
    }

    /** The work in progress now (a rate-limiter wait); cancelled if the call ends from outside. */
    void waitingFor(Future<?> work) {
        inProgress = work;
        if (result.isDone()) {
            work.cancel(true);
        }
    }

    /** Runs the next attempt after the delay, on the client's scheduler. */
    void retryAfter(Runnable attempt, Duration delay) {
        pendingRetry = client.scheduler().schedule(attempt, delay.toNanos());
        if (result.isDone()) {
            pendingRetry.cancel(false);
        }
    }

    /** An attempt (or its response) may have reached the service. */
    void reachedService() {
        reachedService = true;
    }

    boolean mayHaveReachedService() {
        return reachedService;
    }

    /** Whether attempt {@code n}, which ended with {@code error} (null: a response), may have reached the service. */
    boolean attemptMayHaveReached(int n, Throwable error) {
        if (error == null) {
            return true;
        }
        if (sentAttempt != n || lastSent == null) {
            return false; // never handed to the transport (e.g. authentication failed)
        }
        return !(error instanceof RtmException e) || e.mayHaveReachedService();
    }

    /** Keeps a failed attempt's error, reported as suppressed by the call's final error. */
    void addEarlier(RtmException failure) {
        synchronized (earlier) {
            earlier.add(failure);
        }
    }

    /** Time left until the deadline. */
    Duration remaining() {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

    long remainingNanos() {
        return deadline - System.nanoTime();
    }

    /** Whether credentials may still be refreshed after a 401 (once per call); marks the refresh as asked for. */
    boolean takeRefreshAttempt() {
        if (refreshAttempted) {
            return false;
        }
        refreshAttempted = true;
        return true;
    }

    /** The authenticator has new credentials: the retry stage makes one more attempt at once. */
    void refreshGranted() {
        refreshGranted = true;
    }

    /** Whether a refresh was granted and not yet used; uses it. */
    boolean takeRefreshGranted() {
        if (!refreshGranted) {
            return false;
        }
        refreshGranted = false;
        return true;
    }

    /** The typed error for a non-2xx response; credentials of the request that got it are scrubbed from its text. */
    RtmException toException(HttpResponse response, int n) {
        return ResponseMapper.toException(spec.label, response, n, client.clock(), lastSent);
    }

    // ---- ending from outside ----

    /** Fails the call if its deadline has passed by {@code now} ({@link System#nanoTime()}). */
    void checkDeadline(long now) {
        if (now - deadline >= 0 && !result.isDone()) {
            endFromOutside((made, inFlight) -> RtmTimeoutException.deadline(Duration.ofNanos(timeoutNanos), made, inFlight));
        }
    }

    /**
     * Fails the call because its client closed: with an {@link RtmClientClosedException} that says whether an attempt
     * may have reached the service (one handed to the transport without an outcome yet, or an earlier one).
     */
    void abortOnClose(Duration grace) {
        endFromOutside((made, inFlight) -> RtmClientClosedException.aborted(grace, made, inFlight));
    }

    /** Ends the call with the error for (attempts made, an attempt in flight); no attempt is sent after this. */
    private void endFromOutside(BiFunction<Integer, Boolean, RtmException> error) {
        int made;
        boolean inFlight;
        synchronized (this) {
            endedFromOutside = true;
            made = attemptsMade();
            inFlight = exchangeInFlight;
        }
        abort(error.apply(made, inFlight));
    }

    /** Attempts that reached the transport: one still waiting for the rate limiter (or its credentials) is not counted. */
    private int attemptsMade() {
        int n = attempts;
        return sentAttempt == n ? n : n - 1;
    }

    /** Fails the call with this error (if not done yet) and stops its work. */
    void abort(RtmException e) {
        if (!result.isDone()) {
            fail(e.withAttempts(e.attempts(), reachedService));
        }
        cancelWork();
    }

    private void cancelWork() {
        Future<?> f = inProgress;
        if (f != null) {
            f.cancel(true);
        }
        ScheduledFuture<?> r = pendingRetry;
        if (r != null) {
            r.cancel(false);
        }
    }

    static Throwable unwrap(Throwable t) {
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
