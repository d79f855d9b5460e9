package io.rtm.core.internal;

import io.rtm.core.Api;
import io.rtm.core.ChannelMessage;
import io.rtm.core.PeerMessage;
import io.rtm.core.RateLimit;
import io.rtm.core.RequestOptions;
import io.rtm.core.RetryPolicy;
import io.rtm.core.RtmAsyncClient;
import io.rtm.core.RtmConfig;
import io.rtm.core.SendResult;
import io.rtm.core.Violation;
import io.rtm.core.error.RtmClientClosedException;
import io.rtm.core.error.RtmValidationException;
import io.rtm.core.spi.Authenticator;
import io.rtm.core.spi.CallContext;
import io.rtm.core.spi.CallListener;
import io.rtm.core.spi.HttpHeaders;
import io.rtm.core.spi.HttpRequest;
import io.rtm.core.spi.Interceptor;
import io.rtm.core.spi.Phase;
import io.rtm.core.spi.RateLimiter;
import io.rtm.core.spi.Transport;
import io.rtm.core.spi.Validator;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The send pipeline: validate → sender check → encode → per-call interceptors → retry stage →
 * per-attempt interceptors → authenticator → transport → result or typed error.
 */
@Singleton
public final class DefaultRtmAsyncClient implements RtmAsyncClient {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultRtmAsyncClient.class);
    static final String CONTENT_TYPE = "application/json;charset=utf-8";

    private final Transport transport;
    private final Authenticator authenticator;
    private final Validator validator;
    private final RetryPolicy retryPolicy;
    private final List<Interceptor> perCall;
    private final List<Interceptor> perAttempt;
    private final Clock clock;
    private final RtmScheduler scheduler;
    private final RateLimit rateLimit;
    private final RateLimiter rateLimiter;
    private final Listeners listeners;
    private final String peerKey;
    private final String channelKey;
    private final String appId;
    private final String endpoint;
    private final RequestTargets targets;
    private final HttpHeaders baseHeaders;
    private final long callTimeoutNanos;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final InFlightCalls inFlight;

    /** Wires the pipeline; see {@link io.rtm.core.RtmCoreModule}. */
    @Inject
    public DefaultRtmAsyncClient(RtmConfig config, Validator validator, Authenticator authenticator, RetryPolicy retryPolicy,
                                 Set<Interceptor> interceptors, Set<CallListener> listeners, Clock clock,
                                 RtmScheduler scheduler, RateLimit rateLimit, RateLimiter rateLimiter, Transport transport) {
        // The transport is the last parameter on purpose: Guice provisions parameters in order, so when
        // discovering the validator or authenticator fails, no transport (threads, connections) was created.
        this.transport = transport;
        this.authenticator = authenticator;
        this.validator = validator;
        this.retryPolicy = retryPolicy;
        this.clock = clock;
        this.scheduler = scheduler;
        this.rateLimit = rateLimit;
        this.rateLimiter = rateLimit.enabled() ? rateLimiter : RateLimiter.unlimited();
        this.listeners = new Listeners(new ArrayList<>(listeners));
        this.peerKey = config.appId() + ":peer";
        this.channelKey = config.appId() + ":channel";
        List<Interceptor> call = new ArrayList<>();
        List<Interceptor> attempt = new ArrayList<>();
        for (Interceptor i : interceptors) {
            (i.phase() == Phase.PER_CALL ? call : attempt).add(i);
        }
        this.perCall = List.copyOf(call);
        this.perAttempt = List.copyOf(attempt);
        this.appId = config.appId();
        this.endpoint = config.endpoint().toString();
        this.targets = new RequestTargets(config.endpoint() + "/dev/v2/project/" + PathSegments.encode(config.appId())
                + "/rtm/users/");
        this.inFlight = new InFlightCalls(scheduler);
        this.baseHeaders = HttpHeaders.empty()
                .with("Content-Type", CONTENT_TYPE)
                .with("Accept", "application/json")
                .with("User-Agent", config.userAgent());
        this.callTimeoutNanos = config.callTimeout().toNanos();
        LOG.debug("RTM client ready: endpoint={}, appId={}, transport={}, authenticator={}, validator={}, interceptors={}",
                config.endpoint(), appId, transport.getClass().getName(), authenticator.getClass().getName(),
                validator.getClass().getName(), interceptors.size());
    }

    @Override
    public CompletableFuture<SendResult> sendPeer(PeerMessage message, RequestOptions options) {
        if (message == null) {
            return CompletableFuture.failedFuture(missingMessage());
        }
        return send(Api.PEER, message.from(), message.waitForAck(), message, options);
    }

    @Override
    public CompletableFuture<SendResult> sendChannel(ChannelMessage message, RequestOptions options) {
        if (message == null) {
            return CompletableFuture.failedFuture(missingMessage());
        }
        return send(Api.CHANNEL, message.from(), false, message, options);
    }

    /** @param message a {@link PeerMessage} for {@link Api#PEER}, a {@link ChannelMessage} for {@link Api#CHANNEL} */
    private CompletableFuture<SendResult> send(Api api, String from, boolean waitForAck, Object message,
                                               RequestOptions options) {
        if (closed.get()) {
            return CompletableFuture.failedFuture(closedError());
        }
        HttpRequest request;
        try {
            List<Violation> violations = api == Api.PEER
                    ? validator.validate((PeerMessage) message) : validator.validate((ChannelMessage) message);
            if (!violations.isEmpty()) {
                return CompletableFuture.failedFuture(new RtmValidationException(violations));
            }
            authenticator.checkSender(from);
            if (!JsonCodec.isWellFormed(from)) {
                throw new RtmValidationException(List.of(JsonCodec.malformed("user_id")));
            }
            URI uri = targets.uri(api, from, waitForAck);
            byte[] body = api == Api.PEER ? JsonCodec.encode((PeerMessage) message) : JsonCodec.encode((ChannelMessage) message);
            // the freshly encoded array is handed over, not copied: nothing else holds it
            request = HttpRequest.builder().method("POST").uri(uri).headers(baseHeaders).wrapBody(body).build();
        } catch (RuntimeException e) {
            // A plugin's validator or sender check that throws must not make this method throw.
            return CompletableFuture.failedFuture(e);
        }
        if (options == null) {
            options = RequestOptions.defaults();
        }
        SendCall call = new SendCall(this, api, new CallContext(api, appId, from, 0), request,
                options.retryPolicy().orElse(retryPolicy),
                options.timeout().map(java.time.Duration::toNanos).orElse(callTimeoutNanos));
        try {
            inFlight.add(call);
        } catch (RejectedExecutionException e) {
            call.abort(closedError()); // the scheduler shut down under us: close() is running
            inFlight.remove(call);
            return call.result();
        }
        if (closed.get()) {
            // close() may have run between the first check and add(): it did not see this call.
            call.abort(closedError());
            inFlight.remove(call);
            return call.result();
        }
        try {
            call.start(); // removes the call from inFlight when it completes
        } catch (RejectedExecutionException e) {
            call.abort(closedError()); // the scheduler shut down under us: close() is running
        }
        return call.result();
    }

    private static RtmClientClosedException closedError() {
        return RtmClientClosedException.rejected();
    }

    private static RtmValidationException missingMessage() {
        return new RtmValidationException(List.of(new Violation("message", Violation.REQUIRED, "the message is null")));
    }

    Transport transport() {
        return transport;
    }

    Authenticator authenticator() {
        return authenticator;
    }

    RateLimit rateLimit() {
        return rateLimit;
    }

    RateLimiter rateLimiter() {
        return rateLimiter;
    }

    String rateKey(Api api) {
        return api == Api.PEER ? peerKey : channelKey;
    }

    Listeners listeners() {
        return listeners;
    }

    List<Interceptor> perCall() {
        return perCall;
    }

    List<Interceptor> perAttempt() {
        return perAttempt;
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

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (SendCall call : inFlight.snapshot()) {
            call.abortOnClose(java.time.Duration.ZERO);
        }
        try {
            transport.close();
        } finally {
            scheduler.close();
            if (authenticator instanceof AutoCloseable closeable) {
                // a discovered plugin's authenticator may own threads or connections (e.g. to a token service)
                try {
                    closeable.close();
                } catch (Exception e) {
                    LOG.warn("closing the authenticator {} failed", authenticator.getClass().getName(), e);
                }
            }
        }
    }

    @Override
    public String toString() {
        return "RtmAsyncClient{appId='" + appId + "', endpoint=" + endpoint + '}';
    }
}
