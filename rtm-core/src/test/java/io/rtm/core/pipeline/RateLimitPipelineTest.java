package io.rtm.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtm.core.PeerMessage;
import io.rtm.core.RateLimit;
import io.rtm.core.RetryPolicy;
import io.rtm.core.RtmAsyncClient;
import io.rtm.core.error.RtmLocalRateLimitException;
import io.rtm.core.error.RtmRateLimitedException;
import io.rtm.core.spi.Interceptor;
import io.rtm.core.spi.PipelineAttributes;
import io.rtm.core.testsupport.Fixtures;
import io.rtm.core.testsupport.ScriptedTransport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The chain's rate-limit stage: pacing per operation quota, maxWait refusal, the capped 429 penalty, what it publishes. */
class RateLimitPipelineTest {

    private final ScriptedTransport transport = new ScriptedTransport();

    private static PeerMessage peer() {
        return PeerMessage.builder().from("alice").to("bob").payload("x").build();
    }

    @Test
    void pacesCallsOfOneKeyEvenly() {
        transport.respondSentForever();
        try (RtmAsyncClient c = Fixtures.builder(transport).rateLimit(RateLimit.perSecond(100).withSafetyMargin(0)).buildAsync()) {
            List<CompletableFuture<?>> calls = new ArrayList<>();
            for (int i = 0; i < 11; i++) {
                calls.add(c.sendPeer(peer()));
            }
            CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
        }
        long span = transport.exchange(10).nanoTime() - transport.exchange(0).nanoTime();
        // 10 intervals of 10 ms: never faster than the rate
        assertThat(TimeUnit.NANOSECONDS.toMillis(span)).isGreaterThanOrEqualTo(99);
    }

    @Test
    void refusesLocallyWhenTheSlotIsBeyondMaxWaitAndSendsNothing() {
        transport.respondSentForever();
        List<Throwable> seenByAttemptInterceptor = new CopyOnWriteArrayList<>();
        Interceptor observer = chain -> chain.proceed(chain.request()).whenComplete((r, e) -> {
            if (e != null) {
                seenByAttemptInterceptor.add(e);
            }
        });
        try (RtmAsyncClient c = Fixtures.builder(transport).addInterceptor(observer)
                .rateLimit(RateLimit.perSecond(1).withMaxWait(Duration.ofMillis(100))).buildAsync()) {
            c.sendPeer(peer()).join();
            CompletableFuture<?> second = c.sendPeer(peer());
            assertThat(second).failsWithin(Duration.ofSeconds(2)).withThrowableOfType(java.util.concurrent.ExecutionException.class)
                    .havingCause().isInstanceOfSatisfying(RtmLocalRateLimitException.class, e -> {
                        assertThat(e.attempts()).isZero();
                        assertThat(e.mayHaveReachedService()).isFalse();
                        assertThat(e.quotaKey()).isEqualTo("app1:peer");
                        assertThat(e.retryAfter()).isGreaterThan(Duration.ofMillis(800));
                    });
        }
        assertThat(transport.exchanges()).hasSize(1);
        assertThat(seenByAttemptInterceptor).singleElement()
                .satisfies(e -> assertThat(io.rtm.core.error.Reason.of(e)).isEqualTo(io.rtm.core.error.Reason.RATE_LIMITED_LOCAL));
    }

    @Test
    void publishesEachAttemptsWaitToTheCallsAttributes() {
        transport.respondSentForever();
        List<Duration> waits = new CopyOnWriteArrayList<>();
        Interceptor observer = chain -> chain.proceed(chain.request())
                .whenComplete((r, e) -> chain.call().attributes().get(PipelineAttributes.RATE_LIMIT_WAIT).ifPresent(waits::add));
        try (RtmAsyncClient c = Fixtures.builder(transport).addInterceptor(observer)
                .rateLimit(RateLimit.perSecond(10).withSafetyMargin(0)).buildAsync()) {
            c.sendPeer(peer()).join();
            c.sendPeer(peer()).join();
        }
        assertThat(waits).hasSize(2);
        assertThat(waits.get(0)).isLessThan(Duration.ofMillis(50));
        // the second call's slot was 100 ms after the first's; loose bound: the machine may be loaded
        assertThat(waits.get(1)).isBetween(Duration.ofMillis(50), Duration.ofMillis(150));
    }

    @Test
    void countsPeerAndChannelCallsAgainstTheirOwnQuotas() {
        transport.respondSentForever();
        try (RtmAsyncClient c = Fixtures.builder(transport)
                .rateLimit(RateLimit.perSecond(1).withMaxWait(Duration.ZERO)).buildAsync()) {
            c.sendPeer(peer()).join();
            c.sendChannel(Fixtures.channel()).join(); // its own quota: not refused although the peer quota is used up
            assertThat(c.sendPeer(peer())).failsWithin(Duration.ofSeconds(2)).withThrowableOfType(java.util.concurrent.ExecutionException.class)
                    .havingCause().isInstanceOf(RtmLocalRateLimitException.class);
        }
        assertThat(transport.exchanges()).hasSize(2);
    }

    @Test
    void aHugeRetryAfterPausesTheQuotaForAtMostMaxPenalty() {
        // before the fix, Retry-After: 999999 made every later call fail locally until the client restarted
        transport.respond(429, "{\"code\":\"rate_limited\"}", "Retry-After", "999999").respondSentForever();
        try (RtmAsyncClient c = Fixtures.builder(transport).retryPolicy(RetryPolicy.none())
                .rateLimit(RateLimit.defaults().withMaxPenalty(Duration.ofMillis(200)).withMaxWait(Duration.ofSeconds(2))).buildAsync()) {
            assertThat(c.sendPeer(peer())).failsWithin(Duration.ofSeconds(2)).withThrowableOfType(java.util.concurrent.ExecutionException.class)
                    .havingCause().isInstanceOf(RtmRateLimitedException.class);
            long start = System.nanoTime();
            assertThat(c.sendPeer(peer()).join().attempts()).isEqualTo(1);
            long waitedMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(waitedMs).as("paused for the capped penalty").isGreaterThanOrEqualTo(150);
        }
        assertThat(transport.exchanges()).hasSize(2);
    }

    @Test
    void theDefaultPenaltyCapIsThirtySeconds() {
        transport.respond(429, "{\"code\":\"rate_limited\"}", "Retry-After", "999999").respondSentForever();
        try (RtmAsyncClient c = Fixtures.builder(transport).retryPolicy(RetryPolicy.none())
                .rateLimit(RateLimit.defaults().withMaxWait(Duration.ofSeconds(1))).buildAsync()) {
            assertThat(c.sendPeer(peer())).failsWithin(Duration.ofSeconds(2));
            assertThat(c.sendPeer(peer())).failsWithin(Duration.ofSeconds(2)).withThrowableOfType(java.util.concurrent.ExecutionException.class)
                    .havingCause().isInstanceOfSatisfying(RtmLocalRateLimitException.class,
                            e -> assertThat(e.retryAfter()).isBetween(Duration.ofSeconds(29), Duration.ofSeconds(30)));
        }
    }

    @Test
    void aGarbageOrPastRetryAfterNeverStallsTheClient() {
        transport.respond(429, "{}", "Retry-After", "-5").respond(429, "{}", "Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT")
                .respondSentForever();
        try (RtmAsyncClient c = Fixtures.builder(transport).retryPolicy(RetryPolicy.none())
                .rateLimit(RateLimit.defaults().withMaxWait(Duration.ofSeconds(3))).buildAsync()) {
            assertThat(c.sendPeer(peer())).failsWithin(Duration.ofSeconds(2));   // garbage: read as absent, 1 s pause
            long start = System.nanoTime();
            assertThat(c.sendPeer(peer())).failsWithin(Duration.ofSeconds(3));   // a date in the past: no pause
            assertThat(c.sendPeer(peer()).join().attempts()).isEqualTo(1);
            assertThat((System.nanoTime() - start) / 1_000_000).as("only the 1 s default pause").isBetween(800L, 2_500L);
        }
    }

    @Test
    void a429PenalizesEverySenderOfTheKeyUntilRetryAfter() {
        transport.respond(429, "{\"code\":\"rate_limited\"}", "Retry-After", "30").respondSentForever();
        try (RtmAsyncClient c = Fixtures.builder(transport).retryPolicy(RetryPolicy.none())
                .rateLimit(RateLimit.defaults().withMaxWait(Duration.ofSeconds(1))).buildAsync()) {
            assertThat(c.sendPeer(peer())).failsWithin(Duration.ofSeconds(2)).withThrowableOfType(java.util.concurrent.ExecutionException.class)
                    .havingCause().isInstanceOf(RtmRateLimitedException.class);
            // the next call would wait 30 s, beyond maxWait: refused locally, nothing sent
            try {
                c.sendPeer(peer()).join();
            } catch (CompletionException e) {
                assertThat(e.getCause()).isInstanceOf(RtmLocalRateLimitException.class);
            }
        }
        assertThat(transport.exchanges()).hasSize(1);
    }

    @Test
    void disabledLimiterNeverWaits() {
        transport.respondSentForever();
        try (RtmAsyncClient c = Fixtures.builder(transport).rateLimit(RateLimit.disabled()).buildAsync()) {
            List<CompletableFuture<?>> calls = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                calls.add(c.sendPeer(peer()));
            }
            CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
        }
        assertThat(transport.exchanges()).hasSize(1000);
    }
}
