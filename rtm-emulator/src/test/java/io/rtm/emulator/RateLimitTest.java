package io.rtm.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RateLimitTest {

    static final int N = 5;
    static final long MS = 1_000_000L;

    final AtomicLong ticker = new AtomicLong(1_000_000_000_000L);
    RtmEmulator emulator;
    TestHttp http;
    String appId;

    @BeforeEach
    void start() {
        emulator = RtmEmulator.builder().rateLimitPerSecond(N).ticker(ticker::get).start();
        http = new TestHttp(emulator);
        appId = emulator.app().appId();
    }

    @AfterEach
    void stop() {
        assertThat(emulator.unexpectedErrors()).isZero();
        http.close();
        emulator.close();
    }

    private TestHttp.Resp peer() {
        return http.postPeer("alice", "{\"destination\":\"bob\",\"payload\":\"x\"}");
    }

    private TestHttp.Resp channel() {
        return http.postChannel("alice", "{\"channel_name\":\"room\",\"payload\":\"x\"}");
    }

    @Test
    void admitsExactlyNInOneSecondAndTheNextGets429WithRetryAfter() {
        for (int i = 0; i < N; i++) {
            assertThat(peer().status()).isEqualTo(200);
        }

        TestHttp.Resp r = peer();

        assertThat(r.status()).isEqualTo(429);
        assertThat(r.code()).isEqualTo("rate_limited");
        assertThat(r.json().get("result").asText()).isEqualTo("failed");
        assertThat(r.header("retry-after")).isEqualTo("1");
        assertThat(emulator.accepted(appId)).hasSize(N);
        assertThat(emulator.stats(appId).status(429)).isEqualTo(1);
    }

    @Test
    void aSlotFreesExactlyOneSecondAfterTheOldestAdmission() {
        for (int i = 0; i < N; i++) {
            peer();
        }
        ticker.addAndGet(999 * MS);
        assertThat(peer().status()).isEqualTo(429);

        ticker.addAndGet(MS);
        for (int i = 0; i < N; i++) {
            assertThat(peer().status()).isEqualTo(200);
        }
        assertThat(peer().status()).isEqualTo(429);
    }

    @Test
    void anySlidingWindowHoldsAtMostN() {
        // 3 calls at t=0, 2 at t=0.6 s; at t=1.0 s only the 3 of t=0 have left the window
        for (int i = 0; i < 3; i++) {
            assertThat(peer().status()).isEqualTo(200);
        }
        ticker.addAndGet(600 * MS);
        for (int i = 0; i < 2; i++) {
            assertThat(peer().status()).isEqualTo(200);
        }
        assertThat(peer().status()).isEqualTo(429);

        ticker.addAndGet(400 * MS);
        for (int i = 0; i < 3; i++) {
            assertThat(peer().status()).isEqualTo(200);
        }
        assertThat(peer().status()).as("the window (0.6 s, 1.6 s] is full").isEqualTo(429);
    }

    @Test
    void peerAndChannelAreCountedApart() {
        for (int i = 0; i < N; i++) {
            assertThat(peer().status()).isEqualTo(200);
        }
        for (int i = 0; i < N; i++) {
            assertThat(channel().status()).isEqualTo(200);
        }
        assertThat(peer().status()).isEqualTo(429);
        assertThat(channel().status()).isEqualTo(429);
    }

    @Test
    void rejectedAndInvalidCallsAreNotCounted() {
        for (int i = 0; i < 3; i++) {
            assertThat(http.postPeer("alice", "{}").status()).isEqualTo(400);
        }
        for (int i = 0; i < N; i++) {
            assertThat(peer().status()).isEqualTo(200);
        }
        for (int i = 0; i < 10; i++) {
            assertThat(peer().status()).isEqualTo(429);
        }
        ticker.addAndGet(1000 * MS);
        assertThat(peer().status()).as("429s did not extend the window").isEqualTo(200);
    }

    @Test
    void appsAreLimitedApart() {
        EmulatorApp second = EmulatorApp.generate();
        try (RtmEmulator two = RtmEmulator.builder().app(EmulatorApp.generate()).app(second).rateLimitPerSecond(1)
                .ticker(ticker::get).start(); TestHttp h = new TestHttp(two)) {
            assertThat(h.postPeer("alice", "{\"destination\":\"bob\",\"payload\":\"x\"}").status()).isEqualTo(200);
            assertThat(h.postPeer("alice", "{\"destination\":\"bob\",\"payload\":\"x\"}").status()).isEqualTo(429);
            assertThat(h.post(h.sendPath(second.appId(), "alice", "peer_messages"), "{\"destination\":\"bob\",\"payload\":\"x\"}",
                    java.util.Map.of("Authorization", TestHttp.basic(second), "Content-Type", TestHttp.JSON)).status())
                    .isEqualTo(200);
        }
    }

    @Test
    void retryAfterIsWholeSecondsRoundedUpAndAtLeastOne() {
        assertThat(SlidingWindowLimiter.retryAfterSeconds(1)).isEqualTo(1);
        assertThat(SlidingWindowLimiter.retryAfterSeconds(1_000_000_000L)).isEqualTo(1);
        assertThat(SlidingWindowLimiter.retryAfterSeconds(1_000_000_001L)).isEqualTo(2);
    }
}
