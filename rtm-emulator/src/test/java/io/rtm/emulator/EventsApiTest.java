package io.rtm.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtm.auth.token.RtmTokenBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The user and channel events API (SPEC-HISTORY-EVENTS) over raw HTTP: Login/Logout when a user's first receiver
 * opens and its last one closes, Join/Leave per channel, {@code ts} on the emulator's clock, at most 2,000 stored
 * per kind (oldest dropped), at most 1,000 per read, oldest first, removed when read; 10 calls/s per events API.
 * The clock and the rate limiter's ticker are one {@link MutableClock}, so windows move only when a test moves it.
 */
class EventsApiTest {

    static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    static final String USER_EVENTS = "/rtm/vendor/user_events";
    static final String CHANNEL_EVENTS = "/rtm/vendor/channel_events";

    static MutableClock clock = MutableClock.startingAt(NOW);
    static RtmEmulator emulator;
    static TestHttp http;
    static String appId;

    @BeforeAll
    static void start() {
        emulator = RtmEmulator.builder().clock(clock).ticker(clock::nanoTime).start();
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
        clock.advance(Duration.ofSeconds(1)); // a fresh rate-limit window for the next test
    }

    static long ms(Duration afterNow) {
        return NOW.plus(afterNow).toEpochMilli();
    }

    TestHttp.Resp userEvents() {
        return http.get(http.servicePath(USER_EVENTS));
    }

    TestHttp.Resp channelEvents() {
        return http.get(http.servicePath(CHANNEL_EVENTS));
    }

    static List<String> briefs(TestHttp.Resp r) {
        List<String> out = new ArrayList<>();
        for (JsonNode e : r.json().get("events")) {
            out.add((e.has("channel_id") ? e.get("channel_id").asText() + " " : "") + e.get("user_id").asText() + " "
                    + e.get("type").asText());
        }
        return out;
    }

    @Test
    void userEventsAreLoginWhenTheFirstReceiverOpensAndLogoutWhenTheLastCloses() {
        clock.set(NOW);
        Receiver one = emulator.connect(appId, "bob");
        clock.advance(Duration.ofMillis(5));
        Receiver two = emulator.connect(appId, "bob");
        one.close();
        clock.advance(Duration.ofMillis(7));
        two.close();

        TestHttp.Resp r = userEvents();

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("content-type")).isEqualTo("application/json;charset=utf-8");
        assertThat(r.body()).isEqualTo("{\"result\":\"success\",\"request_id\":\"" + r.json().get("request_id").asText()
                + "\",\"events\":[{\"user_id\":\"bob\",\"type\":\"Login\",\"ts\":" + ms(Duration.ZERO) + "},"
                + "{\"user_id\":\"bob\",\"type\":\"Logout\",\"ts\":" + ms(Duration.ofMillis(12)) + "}]}");
    }

    @Test
    void channelEventsAreJoinWhenTheUserFirstListsAChannelAndLeaveWhenNoOpenReceiverListsIt() {
        clock.set(NOW);
        Receiver roomAndLobby = emulator.connect(appId, "bob", "room", "lobby");
        Receiver room = emulator.connect(appId, "bob", "room");
        emulator.connect(appId, "carol", "room").close();
        clock.advance(Duration.ofMillis(3));
        roomAndLobby.close();
        room.close();

        TestHttp.Resp r = channelEvents();

        assertThat(briefs(r)).containsExactly("room bob Join", "lobby bob Join", "room carol Join", "room carol Leave",
                "lobby bob Leave", "room bob Leave");
        JsonNode first = r.json().get("events").get(0);
        assertThat(first.toString()).isEqualTo("{\"channel_id\":\"room\",\"user_id\":\"bob\",\"type\":\"Join\",\"ts\":"
                + ms(Duration.ZERO) + "}");
        assertThat(r.json().get("events").get(5).get("ts").asLong()).isEqualTo(ms(Duration.ofMillis(3)));
        assertThat(briefs(userEvents())).containsExactly("bob Login", "carol Login", "carol Logout", "bob Logout");
    }

    @Test
    void eventsAreRemovedWhenRead() {
        emulator.connect(appId, "bob", "room").close();

        assertThat(briefs(userEvents())).containsExactly("bob Login", "bob Logout");
        assertThat(userEvents().json().get("events")).isEmpty();
        assertThat(emulator.userEvents(appId)).isEmpty();
        assertThat(emulator.channelEvents(appId)).extracting(e -> e.channelId() + ' ' + e.userId() + ' ' + e.type())
                .as("reading user events leaves channel events").containsExactly("room bob Join", "room bob Leave");
    }

    @Test
    void atMost2000AreStoredOldestDroppedAndAtMost1000ReturnedPerReadOldestFirst() {
        clock.set(NOW);
        for (int i = 0; i < 1_250; i++) { // 2,500 user events: Login + Logout each
            clock.set(NOW.plusMillis(i));
            emulator.connect(appId, "u" + i).close();
        }
        assertThat(emulator.userEvents(appId)).hasSize(2_000);

        List<JsonNode> read = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        for (int call = 0; call < 3; call++) {
            JsonNode events = userEvents().json().get("events");
            sizes.add(events.size());
            events.forEach(read::add);
        }

        assertThat(sizes).containsExactly(1_000, 1_000, 0);
        assertThat(read.get(0).get("user_id").asText()).as("the oldest 500 were dropped").isEqualTo("u250");
        assertThat(read.get(0).get("type").asText()).isEqualTo("Login");
        assertThat(read.get(1_999).get("user_id").asText()).isEqualTo("u1249");
        assertThat(read.get(1_999).get("type").asText()).isEqualTo("Logout");
        for (int i = 1; i < read.size(); i++) {
            assertThat(read.get(i).get("ts").asLong()).isGreaterThanOrEqualTo(read.get(i - 1).get("ts").asLong());
        }
    }

    @Test
    void aReceiverThatHangsUpLogsOutAndLeavesItsChannels() throws Exception {
        RawSseClient bob = new RawSseClient(emulator, appId, "bob", "channels=room,lobby");
        assertThat(emulator.userEvents(appId)).extracting(e -> e.userId() + ' ' + e.type()).containsExactly("bob Login");

        bob.hangUp();
        assertThat(DisconnectTest.offlineWithinBound(emulator, appId, "bob")).isTrue();

        assertThat(briefs(userEvents())).containsExactly("bob Login", "bob Logout");
        assertThat(briefs(channelEvents())).containsExactly("room bob Join", "lobby bob Join", "room bob Leave",
                "lobby bob Leave");
    }

    @Test
    void eachEventsApiAllows10CallsPerSecondAndThe11thIs429WithRetryAfter() {
        for (int i = 0; i < 10; i++) {
            assertThat(userEvents().status()).isEqualTo(200);
        }
        TestHttp.Resp limited = userEvents();
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.code()).isEqualTo("rate_limited");
        assertThat(limited.header("retry-after")).isEqualTo("1");
        assertThat(limited.json().get("message").asText()).contains("10 calls in one second to the user_events API");

        assertThat(channelEvents().status()).as("the channel events API has its own quota").isEqualTo(200);
        clock.advance(Duration.ofMillis(999));
        assertThat(userEvents().status()).isEqualTo(429);
        clock.advance(Duration.ofMillis(1));
        assertThat(userEvents().status()).isEqualTo(200);
    }

    @Test
    void aRateLimitedReadRemovesNothing() {
        emulator.connect(appId, "bob").close();
        for (int i = 0; i < 10; i++) {
            channelEvents();
        }
        for (int i = 0; i < 9; i++) {
            userEvents();
        }
        emulator.connect(appId, "carol").close();

        assertThat(userEvents().status()).isEqualTo(200);
        assertThat(userEvents().status()).isEqualTo(429);
        assertThat(emulator.userEvents(appId)).isEmpty();
        emulator.connect(appId, "dave").close();
        assertThat(userEvents().status()).isEqualTo(429);
        assertThat(emulator.userEvents(appId)).extracting(e -> e.userId() + ' ' + e.type()).containsExactly("dave Login", "dave Logout");
    }

    @Test
    void authIsAsForTheSendApisAndAnyUidWithAValidTokenMayRead() {
        EmulatorApp app = emulator.app();
        String token = RtmTokenBuilder.buildToken(app.appId(), app.appCertificate(), "auditor",
                NOW.plus(Duration.ofDays(1)).getEpochSecond());
        String path = http.servicePath(USER_EVENTS);

        assertThat(http.send("GET", path, null, Map.of("x-ar-token", token, "x-ar-uid", "auditor")).status())
                .isEqualTo(200);
        TestHttp.Resp none = http.send("GET", path, null, Map.of());
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.code()).isEqualTo("missing_credentials");
        assertThat(http.send("GET", path, null, Map.of("x-ar-token", token, "x-ar-uid", "someone-else")).status())
                .isEqualTo(401);
        assertThat(http.send("GET", path, null, Map.of("Authorization", "Basic Zm9vOmJhcg==")).code())
                .isEqualTo("invalid_credentials");
    }

    @Test
    void unauthenticatedCallsDoNotCountAgainstTheQuota() {
        for (int i = 0; i < 20; i++) {
            assertThat(http.send("GET", http.servicePath(USER_EVENTS), null, Map.of()).status()).isEqualTo(401);
        }
        assertThat(userEvents().status()).isEqualTo(200);
    }

    @Test
    void wrongMethodIs405AndUnknownAppIs404() {
        TestHttp.Resp post = http.postJson(http.servicePath(USER_EVENTS), "{}");
        assertThat(post.status()).isEqualTo(405);
        assertThat(post.header("allow")).isEqualTo("GET");

        TestHttp.Resp unknown = http.get("/dev/v2/project/" + EmulatorApp.generate().appId() + CHANNEL_EVENTS);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.code()).isEqualTo("unknown_app");
    }

    @Test
    void queryParametersAreIgnored() {
        emulator.connect(appId, "bob").close();

        assertThat(briefs(http.get(http.servicePath(USER_EVENTS) + "?limit=1&since=0"))).hasSize(2);
    }
}
