package io.rtm.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ReceiversTest {

    static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    static MutableClock clock = MutableClock.startingAt(NOW);
    static RtmEmulator emulator;
    static TestHttp http;
    static String appId;

    @BeforeAll
    static void start() {
        emulator = RtmEmulator.builder().clock(clock).heartbeatInterval(Duration.ofMillis(100)).start();
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

    private SseClient open(String user, String channelsQuery) {
        SseClient c = new SseClient(http, emulator, appId, TestHttp.encode(user), channelsQuery);
        Await.until(user + " is online", () -> emulator.isOnline(appId, user));
        return c;
    }

    @Test
    void streamIsEventStreamAndEachPeerMessageIsOneEvent() {
        try (SseClient bob = open("bob", null)) {
            assertThat(bob.response.statusCode()).isEqualTo(200);
            assertThat(bob.response.headers().firstValue("content-type")).contains("text/event-stream");

            assertThat(http.postPeer("alice", "{\"destination\":\"bob\",\"payload\":\"hi\\n\\\"there\\\"\"}").status())
                    .isEqualTo(200);

            String id = emulator.accepted(appId).get(0).id();
            assertThat(bob.nextEvent()).containsExactly("id: " + id, "event: message",
                    "data: {\"id\":\"" + id + "\",\"type\":\"peer\",\"from\":\"alice\",\"to\":\"bob\",\"payload\":"
                            + "\"hi\\n\\\"there\\\"\",\"offline\":false,\"sent_at\":" + NOW.toEpochMilli() + "}");
            Await.until("delivered", () -> emulator.delivered(appId, "bob").size() == 1);
        }
    }

    @Test
    void peerMessagesGoToEveryOpenStreamOfTheReceiverAndAreRecordedOnce() {
        try (SseClient one = open("bob", null); SseClient two = open("bob", null)) {
            http.postPeer("alice", "{\"destination\":\"bob\",\"payload\":\"both\"}");

            assertThat(one.nextData().get("payload").asText()).isEqualTo("both");
            assertThat(two.nextData().get("payload").asText()).isEqualTo("both");
            assertThat(emulator.delivered(appId, "bob")).extracting(AcceptedMessage::payload).containsExactly("both");
        }
    }

    @Test
    void channelMessagesGoToEveryMemberButTheSender() throws InterruptedException {
        try (SseClient alice = open("alice", "channels=room,other"); SseClient bob = open("bob", "channels=room");
                SseClient carol = open("carol", "channels=lobby&channels=room"); SseClient dave = open("dave", null)) {
            http.postChannel("alice", "{\"channel_name\":\"room\",\"payload\":\"to all\"}");

            JsonNode b = bob.nextData();
            assertThat(b.get("type").asText()).isEqualTo("channel");
            assertThat(b.get("channel").asText()).isEqualTo("room");
            assertThat(b.get("from").asText()).isEqualTo("alice");
            assertThat(b.has("to")).isFalse();
            assertThat(carol.nextData().get("payload").asText()).isEqualTo("to all");
            assertThat(alice.quietFor(Duration.ofMillis(200))).as("the sender does not get its own message").isTrue();
            assertThat(dave.quietFor(Duration.ofMillis(1))).as("not a member").isTrue();
            assertThat(emulator.delivered(appId, "alice")).isEmpty();
            assertThat(emulator.delivered(appId, "dave")).isEmpty();
        }
    }

    @Test
    void channelNamesInTheQueryAreDecodedOnceAndMaySplitOnRawCommasOnly() {
        try (SseClient bob = open("bob", "channels=a%2Cb,c%20d")) {
            http.postChannel("alice", "{\"channel_name\":\"a,b\",\"payload\":\"1\"}");
            http.postChannel("alice", "{\"channel_name\":\"c d\",\"payload\":\"2\"}");
            http.postChannel("alice", "{\"channel_name\":\"a\",\"payload\":\"3\"}");

            assertThat(bob.nextData().get("payload").asText()).isEqualTo("1");
            assertThat(bob.nextData().get("payload").asText()).isEqualTo("2");
        }
    }

    @Test
    void offlineMessagesAreFlushedInOrderOnConnect() {
        for (String p : List.of("one", "two", "three")) {
            http.postPeer("alice", "{\"destination\":\"bob\",\"payload\":\"" + p + "\",\"enable_offline_messaging\":true}");
        }
        assertThat(emulator.stored(appId, "bob")).hasSize(3);

        try (SseClient bob = open("bob", null)) {
            for (String p : List.of("one", "two", "three")) {
                JsonNode d = bob.nextData();
                assertThat(d.get("payload").asText()).isEqualTo(p);
                assertThat(d.get("offline").asBoolean()).isTrue();
            }
            http.postPeer("alice", "{\"destination\":\"bob\",\"payload\":\"live\"}");
            JsonNode live = bob.nextData();
            assertThat(live.get("payload").asText()).isEqualTo("live");
            assertThat(live.get("offline").asBoolean()).isFalse();
        }
        assertThat(emulator.stored(appId, "bob")).isEmpty();
    }

    @Test
    void heartbeatCommentsArriveAndClosedStreamsTakeTheUserOffline() {
        SseClient bob = open("bob", "channels=room");
        String line;
        do {
            line = bob.nextLine();
        } while (!line.equals(": heartbeat"));

        bob.close();

        Await.until("bob is offline", () -> !emulator.isOnline(appId, "bob"));
        http.postPeer("alice", "{\"destination\":\"bob\",\"payload\":\"later\",\"enable_offline_messaging\":true}");
        assertThat(emulator.stored(appId, "bob")).extracting(AcceptedMessage::payload).containsExactly("later");
    }

    @Test
    void eventsOfUnknownAppIs404AndInvalidUserIs400() {
        TestHttp.Resp unknown = http.send("GET", "/emulator/v1/apps/" + EmulatorApp.generate().appId() + "/users/bob/events",
                null, java.util.Map.of());
        TestHttp.Resp invalid = http.send("GET", "/emulator/v1/apps/" + appId + "/users/a%2Fb/events", null, java.util.Map.of());
        TestHttp.Resp badChannel = http.send("GET", "/emulator/v1/apps/" + appId + "/users/bob/events?channels=a%22b", null,
                java.util.Map.of());
        TestHttp.Resp post = http.send("POST", "/emulator/v1/apps/" + appId + "/users/bob/events", null, java.util.Map.of());

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.code()).isEqualTo("unknown_app");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(TestHttp.rules(invalid)).containsExactly("user_id:allowed_characters");
        assertThat(TestHttp.rules(badChannel)).containsExactly("channels:allowed_characters");
        assertThat(post.status()).isEqualTo(405);
    }

    @Test
    void inProcessReceiversGetMessagesAndGoOfflineOnClose() {
        try (Receiver bob = emulator.connect(appId, "bob", "room")) {
            http.postPeer("alice", "{\"destination\":\"bob\",\"payload\":\"p\"}");
            http.postChannel("alice", "{\"channel_name\":\"room\",\"payload\":\"c\"}");

            assertThat(bob.messages()).extracting(AcceptedMessage::payload).containsExactly("p", "c");
            assertThat(emulator.delivered(appId, "bob")).extracting(AcceptedMessage::payload).containsExactly("p", "c");
            assertThat(emulator.isOnline(appId, "bob")).isTrue();
        }
        assertThat(emulator.isOnline(appId, "bob")).isFalse();
    }

    @Test
    void closingTheEmulatorEndsOpenStreams() {
        RtmEmulator other = RtmEmulator.builder().start();
        try (TestHttp h = new TestHttp(other)) {
            SseClient c = new SseClient(h, other, other.app().appId(), "bob", null);
            Await.until("online", () -> other.isOnline(other.app().appId(), "bob"));

            other.close();

            String line;
            do {
                line = c.nextLine();
            } while (!line.equals(SseClient.COMPLETE) && !line.equals(SseClient.ERROR));
        } finally {
            other.close();
        }
    }
}
