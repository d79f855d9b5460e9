package io.rtm.core.internal;

import io.rtm.core.error.Reason;
import io.rtm.core.error.RtmException;
import io.rtm.core.error.RtmLocalRateLimitException;
import io.rtm.core.spi.AttemptResult;
import io.rtm.core.spi.CallAttributes;
import io.rtm.core.spi.Chain;
import io.rtm.core.spi.HttpRequest;
import io.rtm.core.spi.HttpResponse;
import io.rtm.core.spi.Interceptor;
import io.rtm.core.spi.Phase;
import io.rtm.core.spi.PipelineAttributes;
import io.rtm.core.spi.RetryDecision;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chain's retry stage (OkHttp's {@code RetryAndFollowUpInterceptor} is the model): the last {@link Phase#PER_CALL}
 * link, it proceeds once per attempt and, after each, asks the call's {@link io.rtm.core.spi.RetryStrategy} whether and
 * when to make another one. It keeps for itself what no strategy may change: attempts run one at a time and their
 * waits are scheduled, never slept; a wait that would pass the call's deadline ends the call with the attempt's
 * outcome; after a 401 for which the authenticator refreshed its credentials, exactly one more attempt, at once; a
 * local rate-limit refusal or an error that is not an {@link RtmException} (a bug) is never retried. Before each retry
 * it publishes {@link PipelineAttributes#RETRY_REASON} and {@link PipelineAttributes#RETRY_DELAY}. Stateless and
 * thread-safe: one instance serves every call of a client.
 */
final class RetryInterceptor implements Interceptor {

    private static final Logger LOG = LoggerFactory.getLogger(RetryInterceptor.class);

    private final Clock clock;

    RetryInterceptor(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Phase phase() {
        return Phase.PER_CALL;
    }

    @Override
    public String name() {
        return "retry";
    }

    @Override
    public CompletableFuture<HttpResponse> intercept(Chain chain) {
        Call<?, ?> call = RealChain.owner(chain, "retry");
        return new Attempts(call, chain).start();
    }

    /** The attempts of one call. */
    private final class Attempts {
        private final Call<?, ?> call;
        private final Chain chain;
        private final HttpRequest request;
        private final CallAttributes attributes;
        private final CompletableFuture<HttpResponse> out = new CompletableFuture<>();

        Attempts(Call<?, ?> call, Chain chain) {
            this.call = call;
            this.chain = chain;
            this.request = chain.request();
            this.attributes = chain.call().attributes();
        }

        CompletableFuture<HttpResponse> start() {
            call.retryStage(out);
            attempt();
            return out;
        }

        private void attempt() {
            if (call.isDone()) {
                out.cancel(false);
                return;
            }
            CompletableFuture<HttpResponse> attempt;
            try {
                attempt = chain.proceed(request);
            } catch (RuntimeException e) {
                out.completeExceptionally(e);
                return;
            }
            int n = call.attempts();
            attempt.whenComplete((response, error) -> {
                try {
                    onAttemptDone(n, response, error == null ? null : Call.unwrap(error));
                } catch (RuntimeException | Error e) {
                    // e.g. a strategy that threw, or the scheduler refused a retry because the client closed: an
                    // exception escaping a completion callback would be lost and the call would hang.
                    out.completeExceptionally(e);
                }
            });
        }

        private void onAttemptDone(int n, HttpResponse response, Throwable error) {
            RtmException failure = error != null ? (error instanceof RtmException e ? e : null)
                    : ResponseMapper.isSuccess(response.status()) ? null : call.toException(response, n);
            if (failure != null ? failure.mayHaveReachedService() : error == null) { // an error reply, or a 2xx
                call.reachedService();
            }
            // Only now is the attempt no longer in flight: a deadline or close that ends the call in between must see
            // either the attempt in flight or its outcome, never neither ("cannot have reached the service").
            call.attemptEnded();
            if (call.isDone()) {
                out.cancel(false);
                return;
            }
            if (error != null) {
                if (failure == null) {
                    out.completeExceptionally(error); // a bug in a plugin or the SDK: never retried
                    return;
                }
                if (failure instanceof RtmLocalRateLimitException) {
                    call.notAnAttempt(n); // refused before anything was sent: not an attempt
                    out.completeExceptionally(failure);
                    return;
                }
                decide(n, null, failure.withAttempts(n), null);
                return;
            }
            if (response.status() == 401 && call.takeRefreshGranted()) {
                call.addEarlier(failure);
                retry(n, failure, Reason.AUTHENTICATION, Duration.ZERO);
                return;
            }
            int status = response.status();
            Duration retryAfter = status == 429 || status == 503
                    ? RetryAfter.parse(response.headers().firstValue("Retry-After"), clock).orElse(null) : null;
            decide(n, response, failure, retryAfter);
        }

        private void decide(int n, HttpResponse response, RtmException failure, Duration retryAfter) {
            Duration remaining = call.remaining();
            RetryDecision decision = call.strategy().decide(AttemptResult.builder(call.spec().operation, n)
                    .response(response).failure(failure).retryAfter(retryAfter)
                    .mayHaveReachedService(call.mayHaveReachedService()).remaining(remaining).build());
            Duration delay = decision.delay().orElse(null);
            if (delay == null || delay.compareTo(remaining) >= 0) {
                if (response != null) {
                    out.complete(response);
                } else {
                    out.completeExceptionally(failure);
                }
                return;
            }
            if (failure != null) {
                call.addEarlier(failure);
            }
            retry(n, failure, failure != null ? failure.reason() : Reason.OTHER, delay);
        }

        private void retry(int n, RtmException failure, Reason reason, Duration delay) {
            if (LOG.isDebugEnabled()) {
                try (LogContext ignored = call.logContext(n, failure == null ? null : failure.requestId().orElse(null))) {
                    LOG.debug("{} attempt {} failed ({}); retrying in {} ms", call.spec().operation.name(), n,
                            reason.value(), delay.toMillis());
                }
            }
            attributes.put(PipelineAttributes.RETRY_REASON, reason);
            attributes.put(PipelineAttributes.RETRY_DELAY, delay);
            if (delay.isZero()) {
                attempt();
            } else {
                call.retryAfter(this::attempt, delay);
            }
        }
    }

    @Override
    public String toString() {
        return "RetryInterceptor";
    }
}
