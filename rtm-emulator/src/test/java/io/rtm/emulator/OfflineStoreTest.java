package io.rtm.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OfflineStoreTest {

    static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    static MutableClock clock = MutableClock.startingAt(NOW);
    static RtmEmulator emulator;
    static TestHttp http;
    static String appId;

    @BeforeAll
    static void start() {
        emulator = RtmEmulator.builder().clock(clock).rateLimitPerSecond(100_000).start();
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
        clock.set(NOW);
        emulator.reset();
    }

    private void storeFor(String user, String payload) {
        TestHttp.Resp r = http.postPeer("alice", "{\"destination\":\"" + user + "\",\"payload\":\"" + payload
                + "\",\"enable_offline_messaging\":true}");
        assertThat(r.status()).isEqualTo(200);
    }

    @Test
    void keepsAtMost200PerReceiverTheNewestReplacingTheOldest() {
        for (int i = 0; i < 205; i++) {
            storeFor("bob", "m" + i);
        }
        storeFor("carol", "other");

        assertThat(emulator.stored(appId, "bob")).extracting(AcceptedMessage::payload)
                .containsExactlyElementsOf(IntStream.range(5, 205).mapToObj(i -> "m" + i).collect(Collectors.toList()));
        assertThat(emulator.stored(appId, "carol")).hasSize(1);
    }

    @Test
    void storedMessagesLiveExactlySevenDays() {
        storeFor("bob", "old");
        clock.advance(Duration.ofDays(1));
        storeFor("bob", "newer");

        clock.advance(Duration.ofDays(6).minusMillis(1));
        assertThat(emulator.stored(appId, "bob")).extracting(AcceptedMessage::payload).containsExactly("old", "newer");

        clock.advance(Duration.ofMillis(1));
        assertThat(emulator.stored(appId, "bob")).extracting(AcceptedMessage::payload).containsExactly("newer");

        clock.advance(Duration.ofDays(1));
        assertThat(emulator.stored(appId, "bob")).isEmpty();
    }

    @Test
    void expiredMessagesAreNotDeliveredOnLogin() {
        storeFor("bob", "expired");
        clock.advance(Duration.ofDays(7));
        storeFor("bob", "fresh");

        try (Receiver bob = emulator.connect(appId, "bob")) {
            assertThat(bob.messages()).extracting(AcceptedMessage::payload).containsExactly("fresh");
        }
    }

    @Test
    void loginFlushesTheStoreInOrderAndEmptiesIt() {
        storeFor("bob", "1");
        storeFor("bob", "2");

        try (Receiver bob = emulator.connect(appId, "bob")) {
            assertThat(bob.messages()).extracting(AcceptedMessage::payload).containsExactly("1", "2");
        }
        assertThat(emulator.stored(appId, "bob")).isEmpty();
        assertThat(emulator.delivered(appId, "bob")).extracting(AcceptedMessage::payload).containsExactly("1", "2");
    }

    @Test
    void withoutOfflineMessagingAnOfflineReceiverGetsNothingAndTheDropIsCounted() {
        http.postPeer("alice", "{\"destination\":\"bob\",\"payload\":\"lost\"}");

        assertThat(emulator.stored(appId, "bob")).isEmpty();
        assertThat(emulator.stats(appId).droppedMessages()).isEqualTo(1);
        try (Receiver bob = emulator.connect(appId, "bob")) {
            assertThat(bob.messages()).isEmpty();
        }
    }

    @Test
    void onlineReceiversAreNotStoredFor() {
        try (Receiver bob = emulator.connect(appId, "bob")) {
            storeFor("bob", "direct");
            assertThat(bob.messages()).hasSize(1);
        }
        assertThat(emulator.stored(appId, "bob")).isEmpty();
    }
}
