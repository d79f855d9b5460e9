package io.rtm.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 11 item 10: a receiver that went away is offline at once. The emulator watches each stream's read side,
 * so it learns of a closed connection when the client closes it, not at the next heartbeat or failed write.
 * Heartbeats stay at their 15 s default here, so only the read side can explain a prompt answer.
 */
class DisconnectTest {

    /** How long a test lets the emulator notice a closed connection (the scenario; loopback needs ~1 ms). */
    static final long NOTICE_MILLIS = 300;

    static RtmEmulator emulator;
    static TestHttp http;
    static String appId;

    @BeforeAll
    static void start() {
        emulator = RtmEmulator.builder().start();
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
    void aReceiverThatClosedItsConnectionGetsMessageOfflineNotMessageDelivered() throws Exception {
        RawSseClient bob = new RawSseClient(emulator, appId, "bob", null);
        assertThat(emulator.isOnline(appId, "bob")).isTrue();

        bob.hangUp();
        Thread.sleep(NOTICE_MILLIS);
        TestHttp.Resp r = http.postPeer("alice", "{\"destination\":\"bob\",\"payload\":\"hi\"}", true);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"code\":\"message_offline\",\"request_id\":\"" + r.json().get("request_id").asText()
                + "\"}");
        assertThat(emulator.isOnline(appId, "bob")).isFalse();
        assertThat(emulator.delivered(appId, "bob")).isEmpty();
        assertThat(emulator.stats(appId).droppedMessages()).isEqualTo(1);
    }

    @Test
    void aMessageForAReceiverThatClosedItsConnectionIsStoredWhenOfflineMessagingWasAsked() throws Exception {
        RawSseClient bob = new RawSseClient(emulator, appId, "bob", "channels=room");
        bob.hangUp();
        Thread.sleep(NOTICE_MILLIS);

        TestHttp.Resp r = http.postPeer("alice",
                "{\"destination\":\"bob\",\"payload\":\"keep me\",\"enable_offline_messaging\":true}", true);

        assertThat(r.code()).isEqualTo("message_offline");
        assertThat(emulator.stored(appId, "bob")).extracting(AcceptedMessage::payload).containsExactly("keep me");
        try (RawSseClient again = new RawSseClient(emulator, appId, "bob", null)) {
            assertThat(again.readUntil("keep me")).contains("\"offline\":true");
        }
        assertThat(emulator.stored(appId, "bob")).isEmpty();
    }

    @Test
    void theUserStaysOnlineWhileAnotherOfItsReceiversIsOpen() throws Exception {
        try (RawSseClient stays = new RawSseClient(emulator, appId, "bob", null)) {
            RawSseClient leaves = new RawSseClient(emulator, appId, "bob", null);
            leaves.hangUp();
            Thread.sleep(NOTICE_MILLIS);

            TestHttp.Resp r = http.postPeer("alice", "{\"destination\":\"bob\",\"payload\":\"still here\"}", true);

            assertThat(r.code()).isEqualTo("message_delivered");
            assertThat(stays.readUntil("still here")).contains("\"payload\":\"still here\"");
        }
    }

    @Test
    void aClosedConnectionIsNoticedWithoutAnyWriteToIt() throws IOException, InterruptedException {
        RawSseClient bob = new RawSseClient(emulator, appId, "bob", null);

        bob.hangUp();

        long deadline = System.nanoTime() + NOTICE_MILLIS * 1_000_000;
        while (emulator.isOnline(appId, "bob") && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        assertThat(emulator.isOnline(appId, "bob")).as("offline within " + NOTICE_MILLIS + " ms").isFalse();
    }

    @Test
    void aStreamTheEmulatorEndsIsTerminatedAndItsConnectionClosedNotReused() throws IOException {
        try (RawSseClient bob = new RawSseClient(emulator, appId, "bob", "channels=room")) {
            emulator.reset();

            assertThat(bob.readsToEndOfConnection()).isTrue();
            assertThat(bob.received()).endsWith("0\r\n\r\n"); // the last chunk, then the server closed the connection
        }
        assertThat(emulator.isOnline(appId, "bob")).isFalse();
        assertThat(emulator.userEvents(appId)).as("reset() closes receivers without events").isEmpty();
    }
}
