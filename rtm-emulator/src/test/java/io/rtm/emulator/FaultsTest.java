package io.rtm.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FaultsTest {

    static RtmEmulator emulator;
    static TestHttp http;
    static String appId;
    static final String TO_BOB = "{\"destination\":\"bob\",\"payload\":\"hi\"}";

    @BeforeAll
    static void start() {
        emulator = RtmEmulator.builder().rateLimitPerSecond(100_000).start();
        http = new TestHttp(emulator);
        appId = emulator.app().appId();
    }

    @AfterAll
    static void stop() {
        http.close();
        emulator.close();
    }

    @AfterEach
    void reset() {
        assertThat(emulator.unexpectedErrors()).isZero();
        emulator.reset();
    }

    @Test
    void injectedErrorIs500InternalErrorAndDeliversNothing() {
        emulator.faults(appId, Faults.builder().errorProbability(1).seed(1).build());
        try (Receiver bob = emulator.connect(appId, "bob")) {
            TestHttp.Resp r = http.postPeer("alice", TO_BOB);

            assertThat(r.status()).isEqualTo(500);
            assertThat(r.code()).isEqualTo("internal_error");
            assertThat(r.json().get("result").asText()).isEqualTo("failed");
            assertThat(bob.messages()).isEmpty();
            assertThat(emulator.accepted(appId)).isEmpty();
        }
    }

    @Test
    void injectedTimeoutIs408Timeout() {
        emulator.faults(appId, Faults.builder().timeoutProbability(1).seed(1).build());

        TestHttp.Resp r = http.postChannel("alice", "{\"channel_name\":\"room\",\"payload\":\"x\"}");

        assertThat(r.status()).isEqualTo(408);
        assertThat(r.code()).isEqualTo("timeout");
        assertThat(emulator.accepted(appId)).isEmpty();
    }

    @Test
    void droppedConnectionGetsNoResponse() {
        emulator.faults(appId, Faults.builder().dropProbability(1).seed(1).build());

        assertThatThrownBy(() -> http.postPeer("alice", TO_BOB)).isInstanceOf(UncheckedIOException.class);
        assertThat(emulator.accepted(appId)).isEmpty();
        assertThat(emulator.stats(appId).droppedConnections()).isEqualTo(1);
        assertThat(emulator.stats(appId).byStatus()).isEmpty();
    }

    @Test
    void afterAcceptErrorDeliversSoARetryMakesADuplicate() {
        emulator.faults(appId, Faults.builder().afterAcceptErrorProbability(1).seed(1).build());
        try (Receiver bob = emulator.connect(appId, "bob")) {
            assertThat(http.postPeer("alice", TO_BOB).status()).isEqualTo(500);
            assertThat(http.postPeer("alice", TO_BOB).status()).as("the client's retry").isEqualTo(500);

            assertThat(bob.messages()).extracting(AcceptedMessage::payload).containsExactly("hi", "hi");
            assertThat(emulator.stats(appId).accepted()).isEqualTo(2);
        }
    }

    @Test
    void afterAcceptDropDeliversWithoutAResponse() {
        emulator.faults(appId, Faults.builder().afterAcceptDropProbability(1).seed(1).build());
        try (Receiver bob = emulator.connect(appId, "bob")) {
            assertThatThrownBy(() -> http.postPeer("alice", TO_BOB)).isInstanceOf(UncheckedIOException.class);

            assertThat(bob.messages()).hasSize(1);
        }
    }

    @Test
    void theSameSeedGivesTheSameOutcomesAndExactCounts() {
        Faults faults = Faults.builder().errorProbability(0.2).timeoutProbability(0.1).seed(42).build();
        int calls = 100;
        // one uniform draw per call: [0, 0.2) = 500, [0.2, 0.3) = 408, the rest succeed
        Random expected = new Random(42);
        int expected500 = 0;
        int expected408 = 0;
        for (int i = 0; i < calls; i++) {
            double u = expected.nextDouble();
            expected500 += u < 0.2 ? 1 : 0;
            expected408 += u >= 0.2 && u < 0.3 ? 1 : 0;
        }

        emulator.faults(appId, faults);
        List<Integer> first = statuses(calls);
        AppStats stats = emulator.stats(appId);
        emulator.reset();
        emulator.faults(appId, faults);
        List<Integer> second = statuses(calls);

        assertThat(second).isEqualTo(first);
        assertThat(stats.status(500)).isEqualTo(expected500);
        assertThat(stats.status(408)).isEqualTo(expected408);
        assertThat(stats.status(200)).isEqualTo(calls - expected500 - expected408);
        assertThat(stats.accepted()).isEqualTo(calls - expected500 - expected408);
    }

    private List<Integer> statuses(int calls) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            out.add(http.postPeer("alice", TO_BOB).status());
        }
        return out;
    }

    @Test
    void latencyDelaysTheAnswerWithoutFailingIt() {
        emulator.faults(appId, Faults.builder().latency(Duration.ofMillis(150)).seed(1).build());
        long start = System.nanoTime();

        TestHttp.Resp r = http.postPeer("alice", TO_BOB);

        assertThat(r.status()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
    }

    @Test
    void faultsApplyOnlyToTheirAppAndNoneStopsThem() {
        emulator.faults(appId, Faults.builder().errorProbability(1).seed(1).build());
        assertThat(http.postPeer("alice", TO_BOB).status()).isEqualTo(500);

        emulator.faults(appId, Faults.none());

        assertThat(http.postPeer("alice", TO_BOB).status()).isEqualTo(200);
        assertThat(emulator.faults(appId).isNone()).isTrue();
    }

    @Test
    void probabilitiesMustBeValid() {
        assertThatThrownBy(() -> Faults.builder().errorProbability(0.6).timeoutProbability(0.6).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sum");
        assertThatThrownBy(() -> Faults.builder().dropProbability(-0.1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dropProbability");
        assertThatThrownBy(() -> Faults.builder().latency(Duration.ofMillis(5), Duration.ofMillis(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
