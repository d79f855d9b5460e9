package io.rtm.core.pipeline;

import static io.rtm.core.testsupport.Fixtures.builder;
import static io.rtm.core.testsupport.Fixtures.failureOf;
import static io.rtm.core.testsupport.Fixtures.peer;
import static io.rtm.core.testsupport.Fixtures.resultOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.rtm.core.RetryPolicy;
import io.rtm.core.RtmAsyncClient;
import io.rtm.core.RtmBuilder;
import io.rtm.core.SendResult;
import io.rtm.core.error.RtmAuthenticationException;
import io.rtm.core.error.RtmBadRequestException;
import io.rtm.core.error.RtmException;
import io.rtm.core.error.RtmRateLimitedException;
import io.rtm.core.error.RtmServerException;
import io.rtm.core.error.RtmTimeoutException;
import io.rtm.core.error.RtmTransportException;
import io.rtm.core.testsupport.ScriptedTransport;
import io.rtm.core.testsupport.TestAuthenticator;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The retry stage: what is retried under which policy, waits, attempts, and what a final error carries. */
class RetryTest {

    /** Defaults' retryable sets with millisecond backoff, so tests don't wait. */
    private static final RetryPolicy FAST = RetryPolicy.builder()
            .initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(5)).build();
    private static final RetryPolicy FAST_AT_MOST_ONCE = RetryPolicy.builder().retryStatuses(java.util.Set.of(429))
            .retryMayHaveReached(false).initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(5)).build();

    private final ScriptedTransport transport = new ScriptedTransport();

    private RtmBuilder client(RetryPolicy policy) {
        return builder(transport).retryPolicy(policy);
    }

    private static RtmException rtmFailure(java.util.concurrent.CompletableFuture<?> f) {
        Throwable t = failureOf(f);
        assertThat(t).isInstanceOf(RtmException.class);
        return (RtmException) t;
    }

    @Test
    void retriesTwo503sAndReportsThreeAttemptsWithTheResult() {
        transport.respond(503, "").respond(503, "").respond(200, "{\"code\":\"message_sent\",\"request_id\":\"third\"}");
        try (RtmAsyncClient c = client(FAST).buildAsync()) {
            SendResult r = resultOf(c.sendPeer(peer()));
            assertThat(r.attempts()).isEqualTo(3);
            assertThat(r.requestId()).contains("third");
        }
        assertThat(transport.calls()).isEqualTo(3);
    }

    @Test
    void resendsTheSameRequestOnEveryAttempt() {
        transport.respond(503, "").respondSent();
        try (RtmAsyncClient c = client(FAST).buildAsync()) {
            resultOf(c.sendPeer(peer()));
        }
        assertThat(transport.request(1)).isEqualTo(transport.request(0));
    }

    @Test
    void retriesUnderTheDefaultPolicy() {
        transport.respond(500, "").respondSent();
        try (RtmAsyncClient c = builder(transport).buildAsync()) { // RetryPolicy.defaults(): 100 ms initial backoff
            assertThat(resultOf(c.sendPeer(peer())).attempts()).isEqualTo(2);
        }
    }

    @Test
    void doesNotRetry500UnderAtMostOnce() {
        transport.respond(500, "");
        try (RtmAsyncClient c = client(RetryPolicy.atMostOnce()).buildAsync()) {
            RtmException e = rtmFailure(c.sendPeer(peer()));
            assertThat(e).isExactlyInstanceOf(RtmServerException.class);
            assertThat(e.attempts()).isEqualTo(1);
            assertThat(e.retried()).isFalse();
        }
        assertThat(transport.calls()).isEqualTo(1);
    }

    @Test
    void retriesAConnectFailureUnderAtMostOnce() {
        transport.fail(() -> RtmTransportException.connectFailed("connection refused", null)).respondSent();
        try (RtmAsyncClient c = client(FAST_AT_MOST_ONCE).buildAsync()) {
            assertThat(resultOf(c.sendPeer(peer())).attempts()).isEqualTo(2);
        }
        assertThat(transport.calls()).isEqualTo(2);
    }

    @Test
    void retriesAConnectTimeoutUnderAtMostOnce() {
        transport.fail(() -> RtmTimeoutException.client(RtmTimeoutException.Kind.CONNECT, "connect timed out", null)).respondSent();
        try (RtmAsyncClient c = client(FAST_AT_MOST_ONCE).buildAsync()) {
            assertThat(resultOf(c.sendPeer(peer())).attempts()).isEqualTo(2);
        }
    }

    @Test
    void retriesAFailureAfterSendingUnderDefaults() {
        transport.fail(() -> RtmTransportException.afterSend("connection reset", null)).respondSent();
        try (RtmAsyncClient c = client(FAST).buildAsync()) {
            assertThat(resultOf(c.sendPeer(peer())).attempts()).isEqualTo(2);
        }
        assertThat(transport.calls()).isEqualTo(2);
    }

    @Test
    void doesNotRetryAFailureAfterSendingUnderAtMostOnce() {
        transport.fail(() -> RtmTransportException.afterSend("connection reset", null));
        try (RtmAsyncClient c = client(FAST_AT_MOST_ONCE).buildAsync()) {
            RtmException e = rtmFailure(c.sendPeer(peer()));
            assertThat(e).isExactlyInstanceOf(RtmTransportException.class);
            assertThat(((RtmTransportException) e).mayHaveReachedService()).isTrue();
            assertThat(e.attempts()).isEqualTo(1);
        }
        assertThat(transport.calls()).isEqualTo(1);
    }

    @Test
    void doesNotRetryAResponseTimeoutUnderAtMostOnce() {
        transport.fail(() -> RtmTimeoutException.client(RtmTimeoutException.Kind.RESPONSE, "no response", null));
        try (RtmAsyncClient c = client(FAST_AT_MOST_ONCE).buildAsync()) {
            RtmException e = rtmFailure(c.sendPeer(peer()));
            assertThat(e).isExactlyInstanceOf(RtmTimeoutException.class);
            assertThat(((RtmTimeoutException) e).kind()).isEqualTo(RtmTimeoutException.Kind.RESPONSE);
        }
        assertThat(transport.calls()).isEqualTo(1);
    }

    @Test
    void retries429UnderAtMostOnce() {
        transport.respond(429, "{\"result\":\"failed\",\"code\":\"rate_limited\"}").respondSent();
        try (RtmAsyncClient c = client(FAST_AT_MOST_ONCE).buildAsync()) {
            assertThat(resultOf(c.sendPeer(peer())).attempts()).isEqualTo(2);
        }
    }

    @Test
    void doesNotRetry400() {
        transport.respond(400, "{\"result\":\"failed\",\"code\":\"invalid_destination\"}");
        try (RtmAsyncClient c = client(FAST).buildAsync()) {
            RtmException e = rtmFailure(c.sendPeer(peer()));
            assertThat(e).isExactlyInstanceOf(RtmBadRequestException.class);
            assertThat(e.code()).contains("invalid_destination");
        }
        assertThat(transport.calls()).isEqualTo(1);
    }

    @Test
    void doesNotRetryANonRtmFailureOfTheTransport() {
        transport.fail(() -> new IllegalStateException("transport bug"));
        try (RtmAsyncClient c = client(FAST).buildAsync()) {
            assertThat(failureOf(c.sendPeer(peer()))).isExactlyInstanceOf(IllegalStateException.class).hasMessage("transport bug");
        }
        assertThat(transport.calls()).isEqualTo(1);
    }

    @Test
    void stopsAtMaxAttempts() {
        transport.otherwise(r -> java.util.concurrent.CompletableFuture.completedFuture(ScriptedTransport.response(503, "")));
        RetryPolicy twice = RetryPolicy.builder().maxAttempts(2).initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(1)).build();
        try (RtmAsyncClient c = client(twice).buildAsync()) {
            assertThat(rtmFailure(c.sendPeer(peer())).attempts()).isEqualTo(2);
        }
        assertThat(transport.calls()).isEqualTo(2);
    }

    @Test
    void doesNotRetryUnderNone() {
        transport.respond(503, "");
        try (RtmAsyncClient c = client(RetryPolicy.none()).buildAsync()) {
            assertThat(rtmFailure(c.sendPeer(peer())).attempts()).isEqualTo(1);
        }
        assertThat(transport.calls()).isEqualTo(1);
    }

    @Test
    void finalErrorCarriesAttemptsAndTheEarlierFailuresAsSuppressed() {
        transport.respond(503, "{\"code\":\"a\",\"request_id\":\"r1\"}")
                .respond(502, "{\"code\":\"b\",\"request_id\":\"r2\"}")
                .respond(500, "{\"code\":\"c\",\"request_id\":\"r3\"}");
        try (RtmAsyncClient c = client(FAST).buildAsync()) {
            RtmException e = rtmFailure(c.sendPeer(peer()));
            assertThat(e).isExactlyInstanceOf(RtmServerException.class);
            assertThat(e.httpStatus()).isEqualTo(500);
            assertThat(e.requestId()).contains("r3");
            assertThat(e.attempts()).isEqualTo(3);
            assertThat(e.retried()).isTrue();
            assertThat(e.getSuppressed()).hasSize(2).allSatisfy(s -> assertThat(s).isInstanceOf(RtmServerException.class));
            RtmException first = (RtmException) e.getSuppressed()[0];
            RtmException second = (RtmException) e.getSuppressed()[1];
            assertThat(first.httpStatus()).isEqualTo(503);
            assertThat(first.attempts()).isEqualTo(1);
            assertThat(second.httpStatus()).isEqualTo(502);
            assertThat(second.attempts()).isEqualTo(2);
        }
    }

    @Test
    void finalTransportErrorCarriesAttemptsAndEarlierFailures() {
        for (int i = 0; i < 3; i++) {
            int n = i;
            transport.fail(() -> RtmTransportException.connectFailed("refused #" + n, null));
        }
        try (RtmAsyncClient c = client(FAST).buildAsync()) {
            RtmException e = rtmFailure(c.sendPeer(peer()));
            assertThat(e).isExactlyInstanceOf(RtmTransportException.class).hasMessageContaining("refused #2");
            assertThat(((RtmTransportException) e).mayHaveReachedService()).isFalse();
            assertThat(e.attempts()).isEqualTo(3);
            assertThat(e.getSuppressed()).extracting(Throwable::getMessage).containsExactly("refused #0", "refused #1 [attempts=2]");
        }
    }

    @Test
    void saysTheServiceMayHaveTheMessageWhenOnlyTheFirstOfThreeAttemptsReachedIt() {
        // attempt 1 was sent and got no answer; attempts 2 and 3 could not even connect
        transport.fail(() -> RtmTransportException.afterSend("connection reset", null))
                .fail(() -> RtmTransportException.connectFailed("refused", null))
                .fail(() -> RtmTransportException.connectFailed("refused", null));
        try (RtmAsyncClient c = client(FAST).buildAsync()) {
            RtmException e = rtmFailure(c.sendPeer(peer()));
            assertThat(e).isExactlyInstanceOf(RtmTransportException.class).hasMessageContaining("refused");
            assertThat(e.attempts()).isEqualTo(3);
            assertThat(e.reason()).isEqualTo(io.rtm.core.error.Reason.CONNECT_FAILURE);
            assertThat(e.mayHaveReachedService()).as("attempt 1 may have delivered it").isTrue();
        }
        assertThat(transport.calls()).isEqualTo(3);
    }

    @Test
    void saysTheServiceMayHaveTheMessageAfterA503AndAConnectTimeout() {
        transport.respond(503, "").fail(() -> RtmTimeoutException.client(RtmTimeoutException.Kind.CONNECT, "connect timed out", null));
        RetryPolicy twice = RetryPolicy.builder().maxAttempts(2).initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(1)).build();
        try (RtmAsyncClient c = client(twice).buildAsync()) {
            RtmException e = rtmFailure(c.sendPeer(peer()));
            assertThat(e).isExactlyInstanceOf(RtmTimeoutException.class);
            assertThat(e.mayHaveReachedService()).isTrue();
        }
    }

    @Test
    void saysNoAttemptReachedTheServiceWhenNoneCould() {
        transport.respond(429, "{\"code\":\"rate_limited\"}").fail(() -> RtmTransportException.connectFailed("refused", null));
        RetryPolicy twice = RetryPolicy.builder().maxAttempts(2).initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(1)).build();
        try (RtmAsyncClient c = client(twice).rateLimit(io.rtm.core.RateLimit.disabled()).buildAsync()) {
            RtmException e = rtmFailure(c.sendPeer(peer()));
            assertThat(e.attempts()).isEqualTo(2);
            assertThat(e.mayHaveReachedService()).as("a 429 and a refused connection deliver nothing").isFalse();
        }
    }

    @Test
    void waitsForRetryAfterSecondsOn429() {
        transport.respond(429, "{\"code\":\"rate_limited\"}", "Retry-After", "1").respondSent();
        try (RtmAsyncClient c = client(FAST).buildAsync()) {
            assertThat(resultOf(c.sendPeer(peer())).attempts()).isEqualTo(2);
        }
        long gap = transport.exchange(1).nanoTime() - transport.exchange(0).nanoTime();
        assertThat(TimeUnit.NANOSECONDS.toMillis(gap)).isGreaterThanOrEqualTo(900);
    }

    @Test
    void clampsRetryAfterToMaxRetryAfter() {
        // 30 s would not fit in the 3 s deadline (the call would fail at once); clamped to 50 ms it does.
        transport.respond(429, "{\"code\":\"rate_limited\"}", "Retry-After", "30").respondSent();
        RetryPolicy clamped = RetryPolicy.builder().maxRetryAfter(Duration.ofMillis(50)).build();
        // The local limiter would honour the full 30 s penalty: this test is about the retry clamp alone.
        try (RtmAsyncClient c = client(clamped).callTimeout(Duration.ofSeconds(3)).rateLimit(io.rtm.core.RateLimit.disabled()).buildAsync()) {
            assertThat(resultOf(c.sendPeer(peer())).attempts()).isEqualTo(2);
        }
        long gap = transport.exchange(1).nanoTime() - transport.exchange(0).nanoTime();
        assertThat(TimeUnit.NANOSECONDS.toMillis(gap)).isGreaterThanOrEqualTo(45);
    }

    @Test
    void failsAtOnceWhenRetryAfterWouldPassTheDeadline() {
        transport.respond(429, "{\"code\":\"rate_limited\",\"request_id\":\"r\"}", "Retry-After", "30");
        try (RtmAsyncClient c = client(FAST).callTimeout(Duration.ofSeconds(2)).buildAsync()) {
            RtmException e = rtmFailure(c.sendPeer(peer()));
            assertThat(e).isExactlyInstanceOf(RtmRateLimitedException.class); // not a DEADLINE timeout: it did not wait
            assertThat(((RtmRateLimitedException) e).retryAfter()).contains(Duration.ofSeconds(30));
            assertThat(e.attempts()).isEqualTo(1);
        }
        assertThat(transport.calls()).isEqualTo(1);
    }

    @Test
    void makesExactlyOneExtraAttemptWhenTheAuthenticatorRefreshesAfter401() {
        TestAuthenticator refreshing = TestAuthenticator.refreshingOn401();
        transport.respond(401, "{\"code\":\"token_expired\"}").respond(401, "{\"code\":\"token_expired\"}");
        try (RtmAsyncClient c = builder(transport, refreshing).retryPolicy(FAST).buildAsync()) {
            RtmException e = rtmFailure(c.sendPeer(peer()));
            assertThat(e).isExactlyInstanceOf(RtmAuthenticationException.class);
            assertThat(e.attempts()).isEqualTo(2);
            assertThat(e.getSuppressed()).hasSize(1);
        }
        assertThat(transport.calls()).isEqualTo(2);
        assertThat(refreshing.unauthorizedCalls()).isEqualTo(1);
        assertThat(refreshing.authenticateCalls()).isEqualTo(2);
    }

    @Test
    void succeedsAfterARefreshed401() {
        transport.respond(401, "").respondSent();
        try (RtmAsyncClient c = builder(transport, TestAuthenticator.refreshingOn401()).retryPolicy(RetryPolicy.none()).buildAsync()) {
            assertThat(resultOf(c.sendPeer(peer())).attempts()).isEqualTo(2);
        }
    }

    @Test
    void doesNotRepeatA401WhenTheAuthenticatorHasNothingNew() {
        TestAuthenticator basic = TestAuthenticator.basic();
        transport.respond(401, "{\"code\":\"invalid_credentials\"}");
        try (RtmAsyncClient c = builder(transport, basic).retryPolicy(FAST).buildAsync()) {
            RtmException e = rtmFailure(c.sendPeer(peer()));
            assertThat(e).isExactlyInstanceOf(RtmAuthenticationException.class);
            assertThat(e.attempts()).isEqualTo(1);
        }
        assertThat(transport.calls()).isEqualTo(1);
        assertThat(basic.unauthorizedCalls()).isEqualTo(1);
    }

    @Test
    void failsWithTheAuthenticatorsErrorWhenOnUnauthorizedThrowsRatherThanHangingToTheDeadline() {
        IllegalStateException broken = new IllegalStateException("refresh failed");
        io.rtm.core.spi.Authenticator throwing = new io.rtm.core.spi.Authenticator() {
            @Override
            public java.util.concurrent.CompletableFuture<io.rtm.core.spi.HttpRequest> authenticate(
                    io.rtm.core.spi.HttpRequest request, io.rtm.core.spi.CallContext call) {
                return java.util.concurrent.CompletableFuture.completedFuture(request);
            }

            @Override
            public boolean onUnauthorized(io.rtm.core.spi.HttpRequest request, io.rtm.core.spi.HttpResponse response) {
                throw broken;
            }
        };
        transport.respond(401, "");
        try (RtmAsyncClient c = builder(transport).authenticator(throwing).callTimeout(Duration.ofSeconds(30)).buildAsync()) {
            assertThat(failureOf(c.sendPeer(peer()))).isSameAs(broken); // failureOf waits 5 s at most
        }
    }
}
