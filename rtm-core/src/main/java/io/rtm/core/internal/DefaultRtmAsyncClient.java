package io.rtm.core.internal;

import io.rtm.core.ChannelMessage;
import io.rtm.core.Operation;
import io.rtm.core.PeerMessage;
import io.rtm.core.RateLimit;
import io.rtm.core.RequestOptions;
import io.rtm.core.RtmAsyncClient;
import io.rtm.core.RtmConfig;
import io.rtm.core.SendResult;
import io.rtm.core.Violation;
import io.rtm.core.error.RtmClientClosedException;
import io.rtm.core.error.RtmValidationException;
import io.rtm.core.events.EventsAsyncClient;
import io.rtm.core.history.HistoryAsyncClient;
import io.rtm.core.spi.Authenticator;
import io.rtm.core.spi.CallContext;
import io.rtm.core.spi.CallObserver;
import io.rtm.core.spi.HttpHeaders;
import io.rtm.core.spi.HttpRequest;
import io.rtm.core.spi.Interceptor;
import io.rtm.core.spi.Phase;
import io.rtm.core.spi.Quota;
import io.rtm.core.spi.RateLimiter;
import io.rtm.core.spi.RetryStrategy;
import io.rtm.core.spi.Transport;
import io.rtm.core.spi.TransportConfig;
import io.rtm.core.spi.Validator;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client: runs any {@link OperationSpec} through one chain, {@code [PER_CALL interceptors..., retry, PER_ATTEMPT
 * interceptors..., rate-limit, PER_EXCHANGE interceptors..., auth] -> transport}, after validating the request and
 * building its HTTP request. Its {@link CallObserver}s see each call from its start on the caller's thread to its end.
 */
final class DefaultRtmAsyncClient implements RtmAsyncClient {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultRtmAsyncClient.class);
    static final String CONTENT_TYPE = "application/json;charset=utf-8";

    private final Transport transport;
    private final boolean ownsTransport;
    private final Authenticator authenticator;
    private final boolean ownsAuthenticator;
    /** The rate limiter a provider made for this client (closed with it); null when it is not the client's. */
    private final AutoCloseable ownedRateLimiter;
    private final Validator validator;
    private final RetryStrategy retryStrategy;
    private final List<Interceptor> links;
    private final Clock clock;
    private final RtmScheduler scheduler;
    private final RateLimit rateLimit;
    private final String appId;
    private final String endpoint;
    private final RequestTargets targets;
    private final HttpHeaders jsonHeaders;
    private final HttpHeaders headers;
    private final long callTimeoutNanos;
    private final ConcurrentHashMap<Operation, Quota> quotas = new ConcurrentHashMap<>();
    private final Executor completion;
    /** The SDK's own completion pool, shut down on close; null when the caller gave an executor. */
    private final ExecutorService ownedCompletion;
    private final Duration closeGrace;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final InFlightCalls inFlight;
    private final TransportConfig transportConfig;
    private final CallObservers observers;
    /** Work spanning several calls (history pages, event pollers), told when the client begins to close. */
    private final Set<ClientTask> tasks = ConcurrentHashMap.newKeySet();
    private final Duration historyPollInterval;
    private final HistoryAsyncClient history = new DefaultHistoryClient(this);
    private final EventsAsyncClient events = new DefaultEventsClient(this);

    /** Wires the pipeline from the parts {@link ClientAssembly} put together. */
    DefaultRtmAsyncClient(RtmConfig config, Validator validator, Authenticator authenticator, boolean ownsAuthenticator,
                          RetryStrategy retryStrategy, List<Interceptor> interceptors, Clock clock, RtmScheduler scheduler,
                          RateLimit rateLimit, RateLimiter rateLimiter, AutoCloseable ownedRateLimiter, Transport transport,
                          boolean ownsTransport, List<CallObserver> observers) {
        this.transport = transport;
        this.ownedRateLimiter = ownedRateLimiter;
        this.ownsTransport = ownsTransport;
        this.authenticator = authenticator;
        this.ownsAuthenticator = ownsAuthenticator;
        this.validator = validator;
        this.retryStrategy = retryStrategy;
        this.clock = clock;
        this.scheduler = scheduler;
        this.rateLimit = rateLimit;
        List<Interceptor> chain = new ArrayList<>();
        for (Interceptor i : interceptors) {
            if (i.phase() == Phase.PER_CALL) {
                chain.add(i);
            }
        }
        chain.add(new RetryInterceptor(clock));
        for (Interceptor i : interceptors) {
            if (i.phase() == Phase.PER_ATTEMPT) {
                chain.add(i);
            }
        }
        chain.add(new RateLimitInterceptor(rateLimiter, rateLimit, clock));
        for (Interceptor i : interceptors) {
            if (i.phase() == Phase.PER_EXCHANGE) {
                chain.add(i);
            }
        }
        chain.add(new AuthInterceptor(authenticator));
        this.links = List.copyOf(chain);
        this.observers = new CallObservers(observers);
        this.appId = config.appId();
        this.endpoint = config.endpoint().toString();
        this.targets = new RequestTargets(endpoint, appId);
        this.inFlight = new InFlightCalls(scheduler);
        this.headers = HttpHeaders.empty()
                .with("Accept", "application/json")
                .with("User-Agent", config.userAgent());
        this.jsonHeaders = HttpHeaders.empty()
                .with("Content-Type", CONTENT_TYPE)
                .with("Accept", "application/json")
                .with("User-Agent", config.userAgent());
        this.callTimeoutNanos = config.callTimeout().toNanos();
        this.transportConfig = config.transportConfig();
        this.closeGrace = config.closeGrace();
        this.historyPollInterval = config.historyPollInterval();
        this.ownedCompletion = config.completionExecutor().isPresent() ? null : CompletionPool.create();
        this.completion = config.completionExecutor().orElse(ownedCompletion);
        LOG.debug("RTM client ready: endpoint={}, appId={}, transport={}, authenticator={}, validator={}, chain={}",
                config.endpoint(), appId, transport.getClass().getName(), authenticator.getClass().getName(),
                validator.getClass().getName(), names(links));
    }

    @Override
    public CompletableFuture<SendResult> sendPeer(PeerMessage message, RequestOptions options) {
        return handOff(execute(Operations.SEND_PEER, message, options));
    }

    @Override
    public CompletableFuture<SendResult> sendChannel(ChannelMessage message, RequestOptions options) {
        return handOff(execute(Operations.SEND_CHANNEL, message, options));
    }

    /** {@link #sendPeer(PeerMessage, RequestOptions)} telling {@code onAdmitted} when the call got its permit. */
    CompletableFuture<SendResult> sendPeer(PeerMessage message, RequestOptions options, Runnable onAdmitted) {
        return handOff(execute(Operations.SEND_PEER, message, options, onAdmitted));
    }

    /** {@link #sendChannel(ChannelMessage, RequestOptions)} telling {@code onAdmitted} when the call got its permit. */
    CompletableFuture<SendResult> sendChannel(ChannelMessage message, RequestOptions options, Runnable onAdmitted) {
        return handOff(execute(Operations.SEND_CHANNEL, message, options, onAdmitted));
    }

    /** The executor the client completes its futures on. */
    Executor completionExecutor() {
        return completion;
    }

    /** The transport options the client was built with (its pool size: the bulk sender's cap). */
    TransportConfig transportConfig() {
        return transportConfig;
    }

    @Override
    public HistoryAsyncClient history() {
        return history;
    }

    @Override
    public EventsAsyncClient events() {
        return events;
    }

    /**
     * The future the caller gets: completed on the completion executor, so continuations never run on the SDK's I/O
     * threads; cancelling it cancels the call. They run with the call's {@link LogContext} in the MDC and the
     * caller's context restored by the call observers. A call that already ended (e.g. invalid input) is returned as
     * is: the caller's own thread runs its continuations.
     */
    <R> CompletableFuture<R> handOff(CompletableFuture<R> call) {
        if (call.isDone()) {
            return call; // failed before it started: the caller's own thread sees it
        }
        Call<?, R> owner = call instanceof Call.Outcome<R> outcome ? outcome.call : null;
        CompletableFuture<R> out = new CompletableFuture<>();
        call.whenComplete((r, e) -> {
            Runnable complete = () -> {
                try (LogContext ignored = owner == null ? null : owner.continuationContext(r, e)) {
                    if (e == null) {
                        out.complete(r);
                    } else {
                        out.completeExceptionally(Call.unwrap(e));
                    }
                }
            };
            try {
                completion.execute(complete);
            } catch (RuntimeException rejected) {
                complete.run(); // e.g. a caller's executor that was shut down: never lose the outcome
            }
        });
        out.whenComplete((r, e) -> {
            if (out.isCancelled()) {
                call.cancel(true);
            }
        });
        return out;
    }

    /**
     * Runs the task on the completion executor; on the calling thread when the executor refuses it (a caller's executor
     * that was shut down, or the SDK's own after close), so that no outcome is ever dropped.
     */
    void runOnCompletion(Runnable task) {
        if (ownedCompletion != null && ownedCompletion.isShutdown()) {
            task.run(); // its CallerRunsPolicy would discard the task silently
            return;
        }
        try {
            completion.execute(task);
        } catch (RuntimeException rejected) {
            task.run();
        }
    }

    @Override
    public List<Interceptor> interceptors() {
        return links;
    }

    /** Runs one call of the operation; never throws, every outcome arrives through the future. */
    <Q, R> CompletableFuture<R> execute(OperationSpec<Q, R> spec, Q request, RequestOptions options) {
        return execute(spec, request, options, null);
    }

    /** {@link #execute(OperationSpec, Object, RequestOptions)}, telling {@code onAdmitted} when the call got its permit (see {@link BulkSupport}). */
    <Q, R> CompletableFuture<R> execute(OperationSpec<Q, R> spec, Q request, RequestOptions options, Runnable onAdmitted) {
        if (request == null) {
            return CompletableFuture.failedFuture(new RtmValidationException(List.of(
                    new Violation("message", Violation.REQUIRED, "the message is null"))));
        }
        HttpRequest http;
        CallContext context;
        CallObservers.Handles observed = null;
        try {
            String userId = spec.userId(request);
            CallContext.Builder ctx = CallContext.builder(spec.operation, appId);
            if (userId != null) {
                ctx.userId(userId);
            }
            context = ctx.build();
            observed = observers.start(context); // null when the client has no observers
            if (closed.get()) {
                return rejected(observed, RtmClientClosedException.rejected());
            }
            List<Violation> violations = spec.validate(validator, request);
            if (!violations.isEmpty()) {
                return rejected(observed, new RtmValidationException(violations));
            }
            if (userId != null) {
                authenticator.checkSender(userId);
            }
            HttpRequest.Builder b = HttpRequest.builder().method(spec.operation.method()).uri(targets.uri(spec, request));
            if (spec.hasBody()) {
                // the freshly encoded array is handed over, not copied: nothing else holds it
                b.headers(jsonHeaders).wrapBody(spec.body(request));
            } else {
                b.headers(headers);
            }
            http = b.build();
        } catch (RuntimeException e) {
            // A plugin's validator or sender check that throws must not make this method throw.
            return rejected(observed, e);
        }
        RequestOptions o = options == null ? RequestOptions.defaults() : options;
        Call<Q, R> call = new Call<>(this, spec, context, http, spec.retryStrategy(o.retryStrategy().orElse(retryStrategy)),
                o.timeout().map(Duration::toNanos).orElse(callTimeoutNanos), observed);
        if (onAdmitted != null) {
            call.onAdmitted(onAdmitted);
        }
        try {
            inFlight.add(call);
        } catch (RejectedExecutionException e) {
            call.abort(RtmClientClosedException.rejected()); // the scheduler shut down under us: close() is running
            inFlight.remove(call);
            return call.result();
        }
        if (closed.get()) {
            // close() may have run between the first check and add(): it did not see this call.
            call.abort(RtmClientClosedException.rejected());
            inFlight.remove(call);
            return call.result();
        }
        try {
            call.start(); // removes the call from inFlight when it completes
        } catch (RejectedExecutionException e) {
            call.abort(RtmClientClosedException.rejected()); // the scheduler shut down under us: close() is running
        }
        return call.result();
    }

    /** A call refused before it started: its observers see the error, the caller gets it. */
    private static <R> CompletableFuture<R> rejected(CallObservers.Handles observed, RuntimeException error) {
        if (observed != null) {
            observed.end(null, error);
        }
        return CompletableFuture.failedFuture(error);
    }

    /** The quota a call of this operation counts against. */
    Quota quota(Operation operation) {
        Quota q = quotas.get(operation);
        return q != null ? q : quotas.computeIfAbsent(operation, op -> rateLimit.quotaFor(op, appId));
    }

    Transport transport() {
        return transport;
    }

    List<Interceptor> links() {
        return links;
    }

    Clock clock() {
        return clock;
    }

    RtmScheduler scheduler() {
        return scheduler;
    }

    InFlightCalls inFlight() {
        return inFlight;
    }

    /**
     * Tracks work spanning several calls until {@link #unregister}, so that {@code close()} can tell it; false (and not
     * tracked) when the client is already closed.
     */
    boolean register(ClientTask task) {
        tasks.add(task);
        if (closed.get()) {
            tasks.remove(task); // close() may have run before add(): it did not see this task
            return false;
        }
        return true;
    }

    void unregister(ClientTask task) {
        tasks.remove(task);
    }

    boolean isClosed() {
        return closed.get();
    }

    Duration closeGrace() {
        return closeGrace;
    }

    Duration callTimeout() {
        return Duration.ofNanos(callTimeoutNanos);
    }

    /** How long to wait before asking again for a history result that is "in progress". */
    Duration historyPollInterval() {
        return historyPollInterval;
    }

    @Override
    public void close() {
        close(closeGrace);
    }

    @Override
    public void close(Duration grace) {
        Objects.requireNonNull(grace, "grace");
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long graceEnds = System.nanoTime() + (grace.isNegative() ? 0 : grace.toNanos());
        // New calls are refused from here on; calls in flight (and their retries: the scheduler runs on) may finish.
        // Work between calls stops now (a poll wait, a poller's next fetch): its next call would be refused.
        for (ClientTask task : tasks) {
            task.clientClosing(grace);
        }
        try {
            if (!grace.isZero() && !grace.isNegative() && !inFlight.awaitEmpty(grace.toNanos())) {
                LOG.warn("RTM client closing: {} call(s) still in flight after the grace period of {} are aborted",
                        inFlight.size(), grace);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // abort the rest now
        }
        for (Call<?, ?> call : inFlight.snapshot()) {
            call.abortOnClose(grace);
        }
        try {
            if (ownsTransport) {
                transport.close(); // one given to the builder stays the caller's (it may serve several clients)
            }
        } finally {
            scheduler.close();
            if (ownedCompletion != null) {
                ownedCompletion.shutdown(); // the queued completions (the aborted calls' included) still run
                // and, within what is left of the grace, have run when close returns: a call that finished in the grace
                // has its future completed by then (unless a continuation closes its own client: it can't wait for itself)
                if (!CompletionPool.onPoolThread()) {
                    try {
                        ownedCompletion.awaitTermination(Math.max(0, graceEnds - System.nanoTime()), TimeUnit.NANOSECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
            if (ownsAuthenticator && authenticator instanceof AutoCloseable closeable) {
                // a discovered plugin's authenticator may own threads or connections (e.g. to a token service)
                try {
                    closeable.close();
                } catch (Exception e) {
                    LOG.warn("closing the authenticator {} failed", authenticator.getClass().getName(), e);
                }
            }
            if (ownedRateLimiter != null) {
                // a discovered limiter (e.g. a fleet's, on Redis) owns connections and threads; no call needs it now
                try {
                    ownedRateLimiter.close();
                } catch (Exception e) {
                    LOG.warn("closing the rate limiter {} failed", ownedRateLimiter.getClass().getName(), e);
                }
            }
        }
    }

    /** The blocking client's sends: the call's own future, no hand-off (the waiting thread is the continuation). */
    CompletableFuture<SendResult> sendPeerDirect(PeerMessage message, RequestOptions options) {
        return execute(Operations.SEND_PEER, message, options);
    }

    CompletableFuture<SendResult> sendChannelDirect(ChannelMessage message, RequestOptions options) {
        return execute(Operations.SEND_CHANNEL, message, options);
    }

    private static List<String> names(List<Interceptor> links) {
        List<String> names = new ArrayList<>(links.size());
        for (Interceptor i : links) {
            names.add(i.name());
        }
        return names;
    }

    @Override
    public String toString() {
        return "RtmAsyncClient{appId='" + appId + "', endpoint=" + endpoint + '}';
    }
}
