package io.rtm.core.internal;

import io.rtm.core.Api;
import io.rtm.core.RetryPolicy;
import io.rtm.core.SendResult;
import io.rtm.core.error.RtmException;
import io.rtm.core.error.RtmClientClosedException;
import io.rtm.core.error.RtmLocalRateLimitException;
import io.rtm.core.error.RtmTimeoutException;
import io.rtm.core.error.RtmTransportException;
import io.rtm.core.spi.CallContext;
import io.rtm.core.spi.HttpRequest;
import io.rtm.core.spi.HttpResponse;
import io.rtm.core.spi.RateLimiter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;

/**
 * One call through the pipeline. Its {@link #result()} completes exactly once: with a result, a typed
 * error, the deadline, or cancellation by the caller (which aborts the in-flight request and any pending
 * retry). Attempts run one at a time; waits between them are scheduled, never slept.
 */
final class SendCall {

    private final DefaultRtmAsyncClient client;
    private final Api api;
    private final CallContext context;
    private final HttpRequest request;
    private final CompletableFuture<SendResult> result = new CompletableFuture<>();
    private final long deadline;
    private final long timeoutNanos;
    private final RetryPolicy policy;
    private final List<RtmException> earlier = new ArrayList<>(0);
    private volatile int attempts;
    private volatile Future<?> inFlight;
    /** Whether the current attempt's request was handed to the transport (and has no outcome yet). */
    private volatile boolean exchangeInFlight;
    private volatile ScheduledFuture<?> pendingRetry;
    private volatile HttpRequest lastSent;
    private volatile CompletableFuture<HttpResponse> retryOut;
    private boolean refreshedCredentials;
    /** Whether an attempt so far may have reached the service (reported by the final error over every attempt). */
    private volatile boolean reachedService;

    SendCall(DefaultRtmAsyncClient client, Api api, CallContext context, HttpRequest request, RetryPolicy policy,
             long timeoutNanos) {
        this.client = client;
        this.api = api;
        this.context = context;
        this.request = request;
        this.policy = policy;
        this.timeoutNanos = timeoutNanos;
        this.deadline = System.nanoTime() + timeoutNanos;
    }

    CompletableFuture<SendResult> result() {
        return result;
    }

    /**
     * Starts the call (the client has added it to its {@link InFlightCalls}; it removes itself when it completes).
     * Throws {@link java.util.concurrent.RejectedExecutionException} only when the client's scheduler was shut
     * down (the client is closed); the caller then fails the call.
     */
    void start() {
        // The deadline is enforced by the client's InFlightCalls sweep (checkDeadline), not by a task per call.
        result.whenComplete((r, e) -> {
            client.inFlight().remove(this);
            if (result.isCancelled()) {
                cancelWork();
            }
            // Ended from outside (deadline, close, cancellation) while waiting between attempts: per-call
            // interceptors still see the end, with the error the caller sees.
            CompletableFuture<HttpResponse> out = retryOut;
            if (out != null && !out.isDone()) {
                out.completeExceptionally(e == null ? new CancellationException("call completed") : unwrap(e));
            }
        });
        if (result.isDone()) {
            return; // aborted (client closed) before it started
        }
        if (client.perCall().isEmpty()) {
            attempt(request, null); // no per-call stage to run: the attempts deliver straight to finish()
        } else {
            RealChain.run(client.perCall(), request, context, this::retryStage).whenComplete(this::finishSafely);
        }
    }

    private void finishSafely(HttpResponse response, Throwable error) {
        try {
            finish(response, error);
        } catch (RuntimeException | Error e) {
            // e.g. a broken reply mapper: never leave the call to its deadline
            result.completeExceptionally(e);
        }
    }

    /**
     * Delivers the attempts' outcome: to the per-call chain's terminal future {@code out}, or, when there are no
     * per-call interceptors ({@code out} is null), straight to {@link #finish}.
     */
    private void deliver(CompletableFuture<HttpResponse> out, HttpResponse response, Throwable error) {
        if (out == null) {
            finishSafely(response, error);
        } else if (error == null) {
            out.complete(response);
        } else {
            out.completeExceptionally(error);
        }
    }

    private static void stop(CompletableFuture<HttpResponse> out) {
        if (out != null) {
            out.cancel(false);
        }
    }

    /** The terminal of the per-call chain: attempts until success, a final failure, or the deadline. */
    private CompletableFuture<HttpResponse> retryStage(HttpRequest callRequest) {
        CompletableFuture<HttpResponse> out = new CompletableFuture<>();
        retryOut = out;
        attempt(callRequest, out);
        return out;
    }

    /** One attempt; {@code out} is the per-call chain's terminal future, or null when there is no per-call chain. */
    private void attempt(HttpRequest callRequest, CompletableFuture<HttpResponse> out) {
        if (result.isDone()) {
            stop(out);
            return;
        }
        int n = ++attempts;
        CallContext attemptContext = context.forAttempt(n);
        RealChain.run(client.perAttempt(), callRequest, attemptContext, r -> authenticateAndSend(r, attemptContext))
                .whenComplete((response, error) -> {
                    try {
                        onAttemptDone(callRequest, out, n, response, unwrap(error));
                    } catch (RuntimeException | Error e) {
                        // e.g. onUnauthorized threw, or the scheduler refused a retry because the client closed:
                        // an exception escaping a completion callback would be lost and the call would hang.
                        deliver(out, null, e);
                    }
                });
    }

    private CompletableFuture<HttpResponse> authenticateAndSend(HttpRequest attemptRequest, CallContext attemptContext) {
        Duration maxWait = client.rateLimit().maxWait();
        long remaining = deadline - System.nanoTime();
        if (maxWait.toNanos() > remaining) {
            maxWait = Duration.ofNanos(Math.max(0, remaining));
        }
        CompletableFuture<RateLimiter.Permit> permit = client.rateLimiter().acquire(client.rateKey(api), 1, maxWait);
        if (!permit.isDone()) {
            inFlight = permit;
        } else if (!permit.isCompletedExceptionally()) {
            // granted at once (the common case): no stages to compose
            RateLimiter.Permit granted = permit.join();
            client.listeners().rateLimitWaited(attemptContext, granted.waited());
            return sendWithPermit(attemptRequest, attemptContext, granted);
        }
        return permit.handle((granted, refused) -> {
            Throwable cause = unwrap(refused);
            if (cause != null) {
                if (cause instanceof RtmLocalRateLimitException local) {
                    client.listeners().rateLimitRejected(attemptContext, local.retryAfter());
                }
                return CompletableFuture.<HttpResponse>failedFuture(cause);
            }
            client.listeners().rateLimitWaited(attemptContext, granted.waited());
            return sendWithPermit(attemptRequest, attemptContext, granted);
        }).thenCompose(f -> f);
    }

    private CompletableFuture<HttpResponse> sendWithPermit(HttpRequest attemptRequest, CallContext attemptContext,
                                                           RateLimiter.Permit permit) {
        CompletableFuture<HttpRequest> authenticated;
        try {
            authenticated = client.authenticator().authenticate(attemptRequest, attemptContext);
        } catch (RuntimeException e) {
            authenticated = CompletableFuture.failedFuture(e);
        }
        boolean tracked = permit != RateLimiter.Permit.immediate(); // the unlimited limiter's permit tracks nothing
        if (authenticated.isDone() && !authenticated.isCompletedExceptionally()) {
            // authenticated at once (Basic, a cached token): hand over without composing stages
            CompletableFuture<HttpResponse> exchange = execute(authenticated.join());
            if (tracked) {
                exchange.whenComplete((response, error) -> permit.release(response != null || mayHaveReached(unwrap(error), true)));
            }
            return exchange;
        }
        boolean[] handedToTransport = {false};
        CompletableFuture<HttpResponse> sent = authenticated.thenCompose(request -> {
            handedToTransport[0] = true;
            return execute(request);
        });
        // Tell the limiter when the attempt is over, and whether the service may have counted it.
        if (tracked) {
            sent.whenComplete((response, error) -> permit.release(response != null || mayHaveReached(unwrap(error), handedToTransport[0])));
        }
        return sent;
    }

    private CompletableFuture<HttpResponse> execute(HttpRequest request) {
        lastSent = request;
        exchangeInFlight = true;
        CompletableFuture<HttpResponse> exchange = client.transport().execute(request);
        inFlight = exchange;
        if (result.isDone()) {
            exchange.cancel(true);
        }
        return exchange;
    }

    private static boolean mayHaveReached(Throwable error, boolean handedToTransport) {
        if (!handedToTransport) {
            return false;
        }
        if (error instanceof RtmTransportException t) {
            return t.mayHaveReachedService();
        }
        if (error instanceof RtmTimeoutException t) {
            return t.mayHaveReachedService();
        }
        return true;
    }

    private void onAttemptDone(HttpRequest callRequest, CompletableFuture<HttpResponse> out, int n,
                               HttpResponse response, Throwable error) {
        inFlight = null;
        exchangeInFlight = false;
        if (result.isDone()) {
            stop(out);
            return;
        }
        if (error != null) {
            if (error instanceof RtmException e && e.mayHaveReachedService()) {
                reachedService = true;
            }
            if (error instanceof RtmLocalRateLimitException) {
                attempts = n - 1; // refused before anything was sent: not an attempt
                deliver(out, null, error);
            } else if (error instanceof RtmException e && policy.isRetryable(e) && n < policy.maxAttempts()) {
                retryLater(callRequest, out, e.withAttempts(n), policy.backoff(n), e.reason().value());
            } else {
                deliver(out, null, error);
            }
            return;
        }
        int status = response.status();
        if (ResponseMapper.isSuccess(status) || toException(response, n).mayHaveReachedService()) {
            reachedService = true;
        }
        if (status == 401 && !refreshedCredentials && lastSent != null
                && client.authenticator().onUnauthorized(lastSent, response)) {
            refreshedCredentials = true;
            RtmException unauthorized = toException(response, n);
            synchronized (earlier) {
                earlier.add(unauthorized);
            }
            client.listeners().retry(context.forAttempt(n), unauthorized.reason().value(), Duration.ZERO);
            attempt(callRequest, out);
            return;
        }
        java.util.Optional<Duration> retryAfter = status == 429 || status == 503
                ? RetryAfter.parse(response.headers().firstValue("Retry-After"), client.clock()) : java.util.Optional.empty();
        if (status == 429) {
            // every sender of this client pauses until the service's Retry-After (1 s when it gave none)
            client.rateLimiter().penalize(client.rateKey(api), retryAfter.orElse(Duration.ofSeconds(1)));
        }
        if (!ResponseMapper.isSuccess(status) && policy.isRetryable(status) && n < policy.maxAttempts()) {
            Duration wait = retryAfter
                    .map(d -> d.compareTo(policy.maxRetryAfter()) > 0 ? policy.maxRetryAfter() : d)
                    .orElseGet(() -> policy.backoff(n));
            if (wait.toNanos() < deadline - System.nanoTime()) {
                RtmException failure = toException(response, n);
                retryLater(callRequest, out, failure, wait, failure.reason().value());
                return;
            }
        }
        deliver(out, response, null);
    }

    private void retryLater(HttpRequest callRequest, CompletableFuture<HttpResponse> out, RtmException failure, Duration wait,
                            String reason) {
        if (wait.toNanos() >= deadline - System.nanoTime()) {
            deliver(out, null, failure);
            return;
        }
        client.listeners().retry(context.forAttempt(attempts), reason, wait);
        synchronized (earlier) {
            earlier.add(failure);
        }
        pendingRetry = client.scheduler().schedule(() -> attempt(callRequest, out), wait.toNanos());
        if (result.isDone()) {
            pendingRetry.cancel(false);
        }
    }

    private void finish(HttpResponse response, Throwable error) {
        if (result.isDone()) {
            return; // ended from outside; the caller already has its outcome
        }
        int n = attempts;
        if (error == null) {
            if (ResponseMapper.isSuccess(response.status())) {
                result.complete(ResponseMapper.toResult(response, n));
            } else {
                fail(toException(response, n).withAttempts(n, reachedService));
            }
            return;
        }
        Throwable cause = unwrap(error);
        if (cause instanceof CancellationException && result.isDone()) {
            return;
        }
        if (cause instanceof RtmException e) {
            fail(e.withAttempts(n, reachedService));
        } else {
            result.completeExceptionally(cause);
        }
    }

    private void fail(RtmException e) {
        synchronized (earlier) {
            for (RtmException previous : earlier) {
                if (previous != e) {
                    e.addSuppressed(previous);
                }
            }
        }
        result.completeExceptionally(e);
    }

    /** Fails the call if its deadline has passed by {@code now} ({@link System#nanoTime()}). */
    void checkDeadline(long now) {
        if (now - deadline >= 0) {
            onDeadline();
        }
    }

    private void onDeadline() {
        if (result.isDone()) {
            return;
        }
        abort(RtmTimeoutException.deadline(Duration.ofNanos(timeoutNanos), attempts, reachedService || attemptInFlight()));
    }

    /**
     * Fails the call because its client is closing: with an {@link RtmClientClosedException} that says whether an
     * attempt may have reached the service (one handed to the transport that has no outcome yet, or an earlier one).
     */
    void abortOnClose(Duration grace) {
        abort(RtmClientClosedException.aborted(grace, attempts, reachedService || attemptInFlight()));
    }

    /** Whether an attempt was handed to the transport and has no outcome yet. */
    private boolean attemptInFlight() {
        return exchangeInFlight;
    }

    /** Fails the call with this error (if not done yet) and stops its work. */
    void abort(RtmException e) {
        if (!result.isDone()) {
            fail(e.withAttempts(attempts, reachedService));
        }
        cancelWork();
    }

    private void cancelWork() {
        Future<?> f = inFlight;
        if (f != null) {
            f.cancel(true);
        }
        ScheduledFuture<?> r = pendingRetry;
        if (r != null) {
            r.cancel(false);
        }
    }

    /** The typed error for a response; credentials of the request that got it are scrubbed from its text. */
    private RtmException toException(HttpResponse response, int n) {
        return ResponseMapper.toException(api, response, n, client.clock(), lastSent);
    }

    private static Throwable unwrap(Throwable t) {
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

}
