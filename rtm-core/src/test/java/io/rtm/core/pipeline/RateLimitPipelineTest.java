package io.rtm.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtm.core.PeerMessage;
import io.rtm.core.RateLimit;
import io.rtm.core.RetryPolicy;
import io.rtm.core.RtmAsyncClient;
import io.rtm.core.error.RtmLocalRateLimitException;
import io.rtm.core.error.RtmRateLimitedException;
import io.rtm.core.spi.CallContext;
import io.rtm.core.spi.CallListener;
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

/** The local rate limiter inside the pipeline: pacing, maxWait refusal, 429 penalty, listener events. */
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
        List<Duration> rejected = new CopyOnWriteArrayList<>();
        CallListener listener = new CallListener() {
            @Override
            public void onRateLimitRejected(CallContext call, Duration wouldWait) {
                rejected.add(wouldWait);
            }
        };
        try (RtmAsyncClient c = Fixtures.builder(transport).addListener(listener)
                .rateLimit(RateLimit.perSecond(1).withMaxWait(Duration.ofMillis(100))).buildAsync()) {
            c.sendPeer(peer()).join();
            CompletableFuture<?> second = c.sendPeer(peer());
            assertThat(second).failsWithin(Duration.ofSeconds(2)).withThrowableOfType(java.util.concurrent.ExecutionException.class)
                    .havingCause().isInstanceOfSatisfying(RtmLocalRateLimitException.class, e -> {
                        assertThat(e.attempts()).isZero();
                        assertThat(e.mayHaveReachedService()).isFalse();
                        assertThat(e.retryAfter()).isGreaterThan(Duration.ofMillis(800));
                    });
        }
        assertThat(transport.exchanges()).hasSize(1);
        assertThat(rejected).hasSize(1);
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
