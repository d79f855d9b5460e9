package io.rtm.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
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

    /** The scenario: the send comes this long after the hang-up (loopback needs ~1 ms to notice it). */
    static final long NOTICE_MILLIS = 300;
    /**
     * How long a test polls for a hang-up to be noticed: loose for a loaded machine, yet far below the 15 s
     * heartbeat, so only the read side can explain passing.
     */
    static final Duration NOTICE_BOUND = Duration.ofSeconds(2);

    /** Waits until {@code user} is offline, at most {@link #NOTICE_BOUND}; true when it is. */
    static boolean offlineWithinBound(RtmEmulator emulator, String appId, String user) throws InterruptedException {
        long deadline = System.nanoTime() + NOTICE_BOUND.toNanos();
        while (emulator.isOnline(appId, user) && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        return !emulator.isOnline(appId, user);
    }

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

        assertThat(offlineWithinBound(emulator, appId, "bob")).as("offline within " + NOTICE_BOUND).isTrue();
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

    @Test
    void messagesQueuedOnAStalledStreamFallBackToOfflineHandlingWhenItsReceiverHangsUp() throws Exception {
        // bob reads nothing: once the socket buffers are full (at most ~4 MB here), deliveries queue in the emulator
        RawSseClient bob = new RawSseClient(emulator, appId, "bob", null, 4096);
        String payload = "A".repeat(32_768);
        int stalling = 190; // ~6 MB of events: more than the buffers hold, fewer than the 200 a user's store keeps
        for (int i = 0; i < stalling; i++) {
            assertThat(http.postPeer("alice", "{\"destination\":\"bob\",\"payload\":\"" + payload
                    + "\",\"enable_offline_messaging\":true}").status()).isEqualTo(200);
        }
        java.util.concurrent.CompletableFuture<java.net.http.HttpResponse<String>> waiting = http.client.sendAsync(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(emulator.baseUri()
                        + http.sendPath(appId, "alice", "peer_messages") + "?wait_for_ack=true"))
                        .timeout(Duration.ofSeconds(10)).header("Authorization", TestHttp.basic(emulator.app()))
                        .header("Content-Type", TestHttp.JSON)
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                                "{\"destination\":\"bob\",\"payload\":\"last\",\"enable_offline_messaging\":true}"))
                        .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        Thread.sleep(100);
        assertThat(waiting).as("queued behind a full buffer, the last message is not acknowledged yet").isNotDone();

        bob.hangUp();

        java.net.http.HttpResponse<String> reply = waiting.get(5, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(TestHttp.MAPPER.readTree(reply.body()).get("code").asText()).isEqualTo("message_offline");
        List<String> delivered = ids(emulator.delivered(appId, "bob"));
        List<String> stored = ids(emulator.stored(appId, "bob"));
        List<String> accepted = ids(emulator.accepted(appId));
        assertThat(accepted).hasSize(stalling + 1);
        assertThat(stored).as("what no live stream took is stored").isNotEmpty()
                .contains(accepted.get(stalling)).doesNotContainAnyElementsOf(delivered);
        List<String> all = new java.util.ArrayList<>(delivered);
        all.addAll(stored);
        assertThat(all).as("each message delivered or stored, exactly once").containsExactlyInAnyOrderElementsOf(accepted);
        assertThat(stored).as("the newest, stored in order").isEqualTo(accepted.subList(accepted.size() - stored.size(),
                accepted.size()));
    }

    static List<String> ids(List<AcceptedMessage> messages) {
        return messages.stream().map(AcceptedMessage::id).collect(java.util.stream.Collectors.toList());
    }
}
