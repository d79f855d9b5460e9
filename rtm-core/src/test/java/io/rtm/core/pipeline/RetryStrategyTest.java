package io.rtm.core.pipeline;

import static io.rtm.core.testsupport.Fixtures.builder;
import static io.rtm.core.testsupport.Fixtures.failureOf;
import static io.rtm.core.testsupport.Fixtures.peer;
import static io.rtm.core.testsupport.Fixtures.resultOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.rtm.core.DeliveryCode;
import io.rtm.core.Operation;
import io.rtm.core.RequestOptions;
import io.rtm.core.RetryPolicy;
import io.rtm.core.RtmAsyncClient;
import io.rtm.core.SendResult;
import io.rtm.core.error.RtmBadRequestException;
import io.rtm.core.error.RtmException;
import io.rtm.core.spi.AttemptResult;
import io.rtm.core.spi.RetryDecision;
import io.rtm.core.spi.RetryStrategy;
import io.rtm.core.testsupport.ScriptedTransport;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** User-supplied retry decisions: a strategy of one's own, RetryPolicy's retryOnReply / retryOnException, per call. */
class RetryStrategyTest {

    private final ScriptedTransport transport = new ScriptedTransport();

    private static final String TRY_AGAIN = "{\"result\":\"failed\",\"code\":\"try_again\",\"request_id\":\"r1\"}";

    @Test
    void aStrategyOfOnesOwnRetriesOnAReplyCode() {
        RetryStrategy onTryAgain = attempt -> attempt.attempt() < 3
                && attempt.reply().flatMap(r -> r.code()).filter("try_again"::equals).isPresent()
                ? RetryDecision.retryAfter(Duration.ofMillis(1)) : RetryDecision.stop();
        transport.respond(400, TRY_AGAIN).respond(400, TRY_AGAIN).respondSent();
        try (RtmAsyncClient c = builder(transport).retryStrategy(onTryAgain).buildAsync()) {
            assertThat(resultOf(c.sendPeer(peer())).attempts()).isEqualTo(3);
        }
        assertThat(transport.calls()).isEqualTo(3);
    }

    @Test
    void retryPolicyRetryOnReplyRetriesA400WithThatCodeAndNothingElse() {
        RetryPolicy policy = RetryPolicy.builder().initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(1))
                .retryOnReply(r -> r.code().filter("try_again"::equals).isPresent()).build();
        transport.respond(400, TRY_AGAIN).respondSent().respond(400, "{\"code\":\"invalid_destination\"}");
        try (RtmAsyncClient c = builder(transport).retryPolicy(policy).buildAsync()) {
            assertThat(resultOf(c.sendPeer(peer())).attempts()).isEqualTo(2);
            RtmException e = (RtmException) failureOf(c.sendPeer(peer()));
            assertThat(e).isExactlyInstanceOf(RtmBadRequestException.class);
            assertThat(e.attempts()).isEqualTo(1);
        }
        assertThat(transport.calls()).isEqualTo(3);
    }

    @Test
    void retryOnReplyMayRetryASuccessfulReplyWhenDuplicatesAreAccepted() {
        RetryPolicy offlineAgain = RetryPolicy.builder().initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(1))
                .retryOnReply(r -> r.code().filter("message_offline"::equals).isPresent()).build();
        transport.respond(200, "{\"code\":\"message_offline\"}").respond(200, "{\"code\":\"message_delivered\"}");
        try (RtmAsyncClient c = builder(transport).retryPolicy(offlineAgain).buildAsync()) {
            SendResult r = resultOf(c.sendPeer(peer()));
            assertThat(r.deliveryCode()).isEqualTo(DeliveryCode.DELIVERED);
            assertThat(r.attempts()).isEqualTo(2);
        }
    }

    @Test
    void retryOnReplyNeverRetriesADeliveredReplyUnderAtMostOnceSemantics() {
        RetryPolicy atMostOnce = RetryPolicy.builder().retryMayHaveReached(false)
                .retryOnReply(r -> r.code().filter("message_offline"::equals).isPresent()).build();
        transport.respond(200, "{\"code\":\"message_offline\"}");
        try (RtmAsyncClient c = builder(transport).retryPolicy(atMostOnce).buildAsync()) {
            assertThat(resultOf(c.sendPeer(peer())).deliveryCode()).isEqualTo(DeliveryCode.OFFLINE);
        }
        assertThat(transport.calls()).isEqualTo(1);
    }

    @Test
    void retryOnExceptionAddsFailuresToRetry() {
        RetryPolicy alsoOn501 = RetryPolicy.builder().initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(1))
                .retryOnException(e -> e.httpStatus() == 501).build();
        transport.respond(501, "").respondSent();
        try (RtmAsyncClient c = builder(transport).retryPolicy(alsoOn501).buildAsync()) {
            assertThat(resultOf(c.sendPeer(peer())).attempts()).isEqualTo(2);
        }
    }

    @Test
    void theStrategySeesEveryAttemptWithItsOutcomeAndTheTimeLeft() {
        List<AttemptResult> seen = new CopyOnWriteArrayList<>();
        RetryStrategy recording = attempt -> {
            seen.add(attempt);
            return attempt.attempt() == 1 ? RetryDecision.retryAfter(Duration.ZERO) : RetryDecision.stop();
        };
        transport.respond(503, "{\"code\":\"busy\"}", "Retry-After", "7").respondSent();
        try (RtmAsyncClient c = builder(transport).retryStrategy(recording).buildAsync()) {
            resultOf(c.sendPeer(peer()));
        }
        assertThat(seen).hasSize(2);
        AttemptResult first = seen.get(0);
        assertThat(first.operation()).isSameAs(Operation.SEND_PEER);
        assertThat(first.attempt()).isEqualTo(1);
        assertThat(first.succeeded()).isFalse();
        assertThat(first.failure()).get().satisfies(e -> assertThat(e.httpStatus()).isEqualTo(503));
        assertThat(first.reply().flatMap(r -> r.code())).contains("busy");
        assertThat(first.retryAfter()).contains(Duration.ofSeconds(7));
        assertThat(first.mayHaveReachedService()).isTrue();
        assertThat(first.remaining()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(5));
        assertThat(seen.get(1).succeeded()).isTrue();
        assertThat(seen.get(1).response()).get().satisfies(r -> assertThat(r.status()).isEqualTo(200));
    }

    @Test
    void aPerCallStrategyOverridesTheClients() {
        transport.respond(503, "").respond(503, "");
        RetryPolicy fast = RetryPolicy.builder().initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(1)).build();
        try (RtmAsyncClient c = builder(transport).retryPolicy(fast).buildAsync()) {
            RtmException e = (RtmException) failureOf(c.sendPeer(peer(),
                    RequestOptions.builder().retryStrategy(RetryPolicy.none()).build()));
            assertThat(e.attempts()).isEqualTo(1);
        }
    }

    @Test
    void aStrategyThatThrowsFailsTheCallWithItsException() {
        IllegalStateException broken = new IllegalStateException("strategy bug");
        transport.respond(503, "");
        try (RtmAsyncClient c = builder(transport).retryStrategy(attempt -> {
            throw broken;
        }).buildAsync()) {
            assertThat(failureOf(c.sendPeer(peer()))).isSameAs(broken);
        }
    }

    @Test
    void aDelayPastTheDeadlineEndsTheCallWithTheAttemptsOutcome() {
        transport.respond(503, "{\"code\":\"busy\"}");
        try (RtmAsyncClient c = builder(transport).retryStrategy(a -> RetryDecision.retryAfter(Duration.ofHours(1))).buildAsync()) {
            RtmException e = (RtmException) failureOf(c.sendPeer(peer()));
            assertThat(e.httpStatus()).isEqualTo(503);
            assertThat(e.attempts()).isEqualTo(1);
        }
        assertThat(transport.calls()).isEqualTo(1);
    }

    @Test
    void anIdempotentOperationIsRetriedAfterAFailureThatMayHaveReachedTheServiceEvenAtMostOnce() {
        AttemptResult timedOut = AttemptResult.builder(Operation.SEND_PEER, 1)
                .failure(io.rtm.core.error.RtmTimeoutException.client(io.rtm.core.error.RtmTimeoutException.Kind.RESPONSE, "x", null))
                .mayHaveReachedService(true).build();
        assertThat(RetryPolicy.atMostOnce().decide(timedOut).retry()).as("a send could be delivered twice").isFalse();
        assertThat(RetryPolicy.defaults().decide(timedOut).retry()).isTrue();
    }
}
