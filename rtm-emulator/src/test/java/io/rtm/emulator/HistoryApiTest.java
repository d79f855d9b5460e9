package io.rtm.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.rtm.auth.token.RtmTokenBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The history API (SPEC-HISTORY-EVENTS) over raw HTTP: queries with handles, "in progress" answers before the
 * result, counts, the source/destination table, every parameter rule, paging, the 10-minute handle and the 7-day
 * history on the emulator's clock, and the shared quota of 100 calls/s. The clock and the rate limiter's ticker
 * are one {@link MutableClock}; this emulator answers "in progress" twice before each result.
 */
class HistoryApiTest {

    static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    static final String QUERY = "/rtm/message/history/query";
    static final String COUNT = "/rtm/message/history/count";
    static final String START = "2025-06-01T00:00:00Z";
    static final String END = "2025-06-02T00:00:00Z";

    static MutableClock clock = MutableClock.startingAt(NOW);
    static RtmEmulator emulator;
    static TestHttp http;
    static String appId;

    @BeforeAll
    static void start() {
        emulator = RtmEmulator.builder().clock(clock).ticker(clock::nanoTime).historyInProgressReplies(2)
                .rateLimitPerSecond(100_000).start();
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
        clock.set(NOW);
        clock.advance(Duration.ofSeconds(1)); // a fresh rate-limit window; NOW stays the first second's start
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    static void peer(String from, String to, String payload) {
        assertThat(http.postPeer(from, "{\"destination\":\"" + to + "\",\"payload\":\"" + payload
                + "\",\"enable_historical_messaging\":true}").status()).isEqualTo(200);
    }

    static void channel(String from, String channel, String payload) {
        assertThat(http.postChannel(from, "{\"channel_name\":\"" + channel + "\",\"payload\":\"" + payload
                + "\",\"enable_historical_messaging\":true}").status()).isEqualTo(200);
    }

    static String filter(String source, String destination) {
        return "{" + (source == null ? "" : "\"source\":\"" + source + "\",")
                + (destination == null ? "" : "\"destination\":\"" + destination + "\",")
                + "\"start_time\":\"" + START + "\",\"end_time\":\"" + END + "\"}";
    }

    static TestHttp.Resp create(String body) {
        return http.postJson(http.servicePath(QUERY), body);
    }

    /** The handle of a location {@code ~/rtm/message/history/query/<handle>}. */
    static String handle(TestHttp.Resp created) {
        String location = created.json().get("location").asText();
        assertThat(location).startsWith("~" + QUERY + "/");
        return location.substring(("~" + QUERY + "/").length());
    }

    static TestHttp.Resp read(String handle) {
        return http.get(http.servicePath(QUERY + "/" + handle));
    }

    /** Reads a handle through its two "in progress" answers; returns the result. */
    static TestHttp.Resp readUntilOk(String handle) {
        for (int i = 0; i < 2; i++) {
            TestHttp.Resp r = read(handle);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.code()).isEqualTo("in progress");
        }
        TestHttp.Resp r = read(handle);
        assertThat(r.code()).as(r.body()).isEqualTo("ok");
        return r;
    }

    /** Creates a query and reads its page: {@code src>dst:payload} per message. */
    static List<String> page(String body) {
        TestHttp.Resp created = create(body);
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        for (JsonNode m : readUntilOk(handle(created)).json().get("messages")) {
            out.add(m.get("src").asText() + ">" + m.get("dst").asText() + ":" + m.get("payload").asText());
        }
        return out;
    }

    static TestHttp.Resp count(String query) {
        return http.get(http.servicePath(COUNT) + "?" + query);
    }

    static long countUntilOk(String query) {
        for (int i = 0; i < 2; i++) {
            assertThat(count(query).code()).isEqualTo("in progress");
        }
        TestHttp.Resp r = count(query);
        assertThat(r.code()).as(r.body()).isEqualTo("ok");
        return r.json().get("count").asLong();
    }

    // ---- queries -------------------------------------------------------------------------------------------

    @Test
    void aQueryAnswersItsLocationWithTheDefaultsAndItsHandleAnswersInProgressThenTheMessages() {
        peer("alice", "bob", "hi");
        clock.advance(Duration.ofMillis(250));
        channel("alice", "room", "all");

        TestHttp.Resp created = create("{\"filter\":" + filter("alice", null) + "}");

        String handle = handle(created);
        assertThat(handle).matches("[0-9a-zA-Z]+");
        assertThat(created.body()).isEqualTo("{\"result\":\"success\",\"request_id\":\""
                + created.json().get("request_id").asText() + "\",\"offset\":0,\"limit\":20,\"order\":\"asc\","
                + "\"location\":\"~/rtm/message/history/query/" + handle + "\"}");
        TestHttp.Resp progress = read(handle);
        assertThat(progress.body()).isEqualTo("{\"result\":\"success\",\"request_id\":\""
                + progress.json().get("request_id").asText() + "\",\"code\":\"in progress\"}");
        assertThat(read(handle).code()).isEqualTo("in progress");
        TestHttp.Resp ok = read(handle);
        assertThat(ok.body()).isEqualTo("{\"result\":\"success\",\"request_id\":\"" + ok.json().get("request_id").asText()
                + "\",\"code\":\"ok\",\"messages\":["
                + "{\"src\":\"alice\",\"dst\":\"bob\",\"message_type\":\"peer_message\",\"payload\":\"hi\",\"ms\":"
                + (NOW.toEpochMilli() + 1000) + "},"
                + "{\"src\":\"alice\",\"dst\":\"room\",\"message_type\":\"channel_message\",\"payload\":\"all\",\"ms\":"
                + (NOW.toEpochMilli() + 1250) + "}]}");
        assertThat(read(handle).body()).as("a ready handle answers the same page again").contains("\"payload\":\"hi\"");
    }

    @Test
    void onlyMessagesSentWithHistoricalMessagingAreKept() {
        http.postPeer("alice", "{\"destination\":\"bob\",\"payload\":\"not kept\"}");
        http.postChannel("alice", "{\"channel_name\":\"room\",\"payload\":\"not kept\",\"enable_historical_messaging\":false}");
        peer("alice", "bob", "kept");

        assertThat(page("{\"filter\":" + filter("alice", null) + "}")).containsExactly("alice>bob:kept");
        assertThat(emulator.history(appId)).extracting(AcceptedMessage::payload).containsExactly("kept");
    }

    static Stream<Arguments> sourceDestinationTable() {
        return Stream.of(
                Arguments.of(null, "bob", List.of("alice>bob:1", "carol>bob:5")),
                Arguments.of(null, "room", List.of("alice>room:3", "carol>room:4")),
                Arguments.of("alice", null, List.of("alice>bob:1", "alice>room:3")),
                Arguments.of("alice", "bob", List.of("alice>bob:1")),
                Arguments.of("alice", "room", List.of("alice>room:3")),
                Arguments.of("room", null, List.of()),
                Arguments.of("room", "bob", List.of()),
                Arguments.of("room", "room", List.of()));
    }

    @ParameterizedTest(name = "source {0}, destination {1}")
    @MethodSource("sourceDestinationTable")
    void sourceAndDestinationSelectAsTheTableOfTheSpec(String source, String destination, List<String> expected) {
        peer("alice", "bob", "1");
        peer("bob", "alice", "2");
        channel("alice", "room", "3");
        channel("carol", "room", "4");
        peer("carol", "bob", "5");

        assertThat(page("{\"filter\":" + filter(source, destination) + "}")).containsExactlyElementsOf(expected);
    }

    @Test
    void neitherSourceNorDestinationIs400() {
        TestHttp.Resp r = create("{\"filter\":" + filter(null, null) + "}");
        TestHttp.Resp empty = create("{\"filter\":{\"source\":\"\",\"destination\":\"\",\"start_time\":\"" + START
                + "\",\"end_time\":\"" + END + "\"}}");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.code()).isEqualTo("invalid_parameter");
        assertThat(TestHttp.rules(r)).containsExactly("filter.source:source_or_destination");
        assertThat(TestHttp.rules(empty)).containsExactly("filter.source:source_or_destination");
    }

    static Stream<Arguments> brokenRules() {
        String f = "\"filter\":" + filter("alice", null);
        String times = "\"source\":\"alice\",\"start_time\":\"%s\",\"end_time\":\"" + END + "\"";
        return Stream.of(
                Arguments.of("{" + f + ",\"limit\":10}", "limit:allowed_values"),
                Arguments.of("{" + f + ",\"limit\":200}", "limit:allowed_values"),
                Arguments.of("{" + f + ",\"limit\":\"20\"}", "limit:type"),
                Arguments.of("{" + f + ",\"limit\":20.0}", "limit:type"),
                Arguments.of("{" + f + ",\"order\":\"up\"}", "order:allowed_values"),
                Arguments.of("{" + f + ",\"order\":\"ASC\"}", "order:allowed_values"),
                Arguments.of("{" + f + ",\"offset\":-1}", "offset:min_value"),
                Arguments.of("{" + f + ",\"offset\":\"0\"}", "offset:type"),
                Arguments.of("{\"filter\":{" + String.format(times, "2025-06-01 00:00:00") + "}}", "filter.start_time:format"),
                Arguments.of("{\"filter\":{" + String.format(times, "2025-06-01T00:00:00.000Z") + "}}", "filter.start_time:format"),
                Arguments.of("{\"filter\":{" + String.format(times, "2025-06-01T00:00:00+00:00") + "}}", "filter.start_time:format"),
                Arguments.of("{\"filter\":{" + String.format(times, "2025-06-01T00:00:00z") + "}}", "filter.start_time:format"),
                Arguments.of("{\"filter\":{" + String.format(times, "2025-6-01T00:00:00Z") + "}}", "filter.start_time:format"),
                Arguments.of("{\"filter\":{" + String.format(times, "2025-02-30T00:00:00Z") + "}}", "filter.start_time:format"),
                Arguments.of("{\"filter\":{" + String.format(times, "2025-06-01T24:00:00Z") + "}}", "filter.start_time:format"),
                Arguments.of("{\"filter\":{" + String.format(times, "2025-06-03T00:00:00Z") + "}}",
                        "filter.start_time:not_after_end_time"),
                Arguments.of("{\"filter\":{\"source\":\"alice\",\"end_time\":\"" + END + "\"}}", "filter.start_time:required"),
                Arguments.of("{\"filter\":{\"source\":\"alice\",\"start_time\":\"" + START + "\",\"end_time\":1}}",
                        "filter.end_time:type"),
                Arguments.of("{\"filter\":{\"source\":\"a/b\",\"start_time\":\"" + START + "\",\"end_time\":\"" + END + "\"}}",
                        "filter.source:allowed_characters"),
                Arguments.of("{\"filter\":{\"destination\":\"" + "d".repeat(65) + "\",\"start_time\":\"" + START
                        + "\",\"end_time\":\"" + END + "\"}}", "filter.destination:max_length"),
                Arguments.of("{\"limit\":20}", "filter:required"),
                Arguments.of("{\"filter\":null}", "filter:required"),
                Arguments.of("{\"filter\":[]}", "filter:type"));
    }

    @ParameterizedTest(name = "{1}: {0}")
    @MethodSource("brokenRules")
    void everyParameterRuleIs400InvalidParameterNamingTheField(String body, String fieldAndRule) {
        TestHttp.Resp r = create(body);

        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.code()).isEqualTo("invalid_parameter");
        assertThat(TestHttp.rules(r)).containsExactly(fieldAndRule);
        assertThat(r.json().get("message").asText()).contains(fieldAndRule.substring(0, fieldAndRule.indexOf(':')));
    }

    @Test
    void everyBrokenRuleIsNamedInOneAnswer() {
        TestHttp.Resp r = create("{\"filter\":{\"start_time\":\"x\",\"end_time\":\"" + END + "\"},\"limit\":7,"
                + "\"order\":\"sideways\",\"offset\":-5}");

        assertThat(TestHttp.rules(r)).containsExactlyInAnyOrder("filter.source:source_or_destination",
                "filter.start_time:format", "limit:allowed_values", "order:allowed_values", "offset:min_value");
    }

    @Test
    void unknownFieldsAndNullsAreIgnored() {
        peer("alice", "bob", "hi");

        assertThat(page("{\"filter\":{\"source\":\"alice\",\"destination\":null,\"start_time\":\"" + START
                + "\",\"end_time\":\"" + END + "\",\"region\":\"eu\"},\"offset\":null,\"limit\":null,\"order\":null,"
                + "\"extra\":{\"a\":[1,2]}}")).containsExactly("alice>bob:hi");
    }

    @Test
    void aBodyThatIsNotOneJsonObjectIs400MalformedJsonAndAnotherContentTypeIs415() {
        assertThat(create("{\"filter\":").code()).isEqualTo("malformed_json");
        assertThat(create("[]").code()).isEqualTo("malformed_json");
        assertThat(create("{\"limit\":20,\"limit\":50}").code()).as("a repeated field").isEqualTo("malformed_json");
        TestHttp.Resp text = http.post(http.servicePath(QUERY), "{}", Map.of("Authorization", TestHttp.basic(emulator.app()),
                "Content-Type", "text/plain"));
        assertThat(text.status()).isEqualTo(415);
    }

    @Test
    void theTimeRangeIncludesBothEndsAtSecondPrecision() {
        clock.set(Instant.parse("2025-06-01T10:00:00Z"));
        peer("alice", "bob", "at-start");
        clock.set(Instant.parse("2025-06-01T10:59:59.999Z"));
        peer("alice", "bob", "last-ms-of-end");
        clock.set(Instant.parse("2025-06-01T11:00:00Z"));
        peer("alice", "bob", "after-end");
        clock.set(Instant.parse("2025-06-01T09:59:59.999Z"));
        peer("alice", "bob", "before-start");
        clock.set(NOW.plusSeconds(5));

        assertThat(page("{\"filter\":{\"source\":\"alice\",\"start_time\":\"2025-06-01T10:00:00Z\","
                + "\"end_time\":\"2025-06-01T10:59:59Z\"}}")).containsExactly("alice>bob:at-start", "alice>bob:last-ms-of-end");
    }

    @Test
    void pagesFollowOffsetAndLimitAndAPageShorterThanTheLimitIsTheLast() {
        for (int i = 0; i < 45; i++) {
            clock.advance(Duration.ofMillis(1));
            peer("alice", "bob", "m" + i);
        }
        String f = "\"filter\":" + filter("alice", "bob");

        List<String> first = page("{" + f + ",\"limit\":20}");
        List<String> second = page("{" + f + ",\"limit\":20,\"offset\":20}");
        List<String> third = page("{" + f + ",\"limit\":20,\"offset\":40}");
        List<String> beyond = page("{" + f + ",\"limit\":20,\"offset\":45}");
        List<String> all = page("{" + f + ",\"limit\":50}");
        List<String> newest = page("{" + f + ",\"limit\":20,\"order\":\"desc\"}");

        assertThat(first).hasSize(20).startsWith("alice>bob:m0").endsWith("alice>bob:m19");
        assertThat(second).hasSize(20).startsWith("alice>bob:m20");
        assertThat(third).containsExactly("alice>bob:m40", "alice>bob:m41", "alice>bob:m42", "alice>bob:m43",
                "alice>bob:m44");
        assertThat(beyond).isEmpty();
        assertThat(all).hasSize(45);
        assertThat(newest).hasSize(20).startsWith("alice>bob:m44").endsWith("alice>bob:m25");
        TestHttp.Resp created = create("{" + f + ",\"limit\":100,\"offset\":3,\"order\":\"desc\"}");
        assertThat(created.json().get("offset").asLong()).isEqualTo(3);
        assertThat(created.json().get("limit").asInt()).isEqualTo(100);
        assertThat(created.json().get("order").asText()).isEqualTo("desc");
    }

    @Test
    void aQueryPageIsFixedWhenTheQueryIsCreated() {
        peer("alice", "bob", "before");
        String handle = handle(create("{\"filter\":" + filter("alice", null) + "}"));
        peer("alice", "bob", "after");

        assertThat(readUntilOk(handle).json().get("messages")).hasSize(1);
    }

    @Test
    void anUnknownHandleIs404NotFoundAndAHandleOlderThan10MinutesIs410QueryExpired() {
        String handle = handle(create("{\"filter\":" + filter("alice", null) + "}"));

        TestHttp.Resp unknown = read("no-such-handle");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.code()).isEqualTo("not_found");
        assertThat(read("%C3").status()).as("a handle that is not percent-encoded UTF-8").isEqualTo(404);

        clock.advance(Duration.ofMinutes(10).minusMillis(1));
        assertThat(read(handle).code()).isEqualTo("in progress");
        clock.advance(Duration.ofMillis(1));
        TestHttp.Resp expired = read(handle);
        assertThat(expired.status()).isEqualTo(410);
        assertThat(expired.code()).isEqualTo("query_expired");
        assertThat(expired.json().get("result").asText()).isEqualTo("failed");
    }

    @Test
    void aHandleBelongsToItsApp() {
        EmulatorApp other = EmulatorApp.generate();
        try (RtmEmulator two = RtmEmulator.builder().app(emulator.app()).app(other).historyInProgressReplies(0).start();
                TestHttp h = new TestHttp(two)) {
            TestHttp.Resp created = h.postJson(h.servicePath(QUERY), "{\"filter\":" + filter("alice", null) + "}");
            String otherApp = "/dev/v2/project/" + other.appId() + QUERY + "/" + handle(created);

            TestHttp.Resp r = h.send("GET", otherApp, null, Map.of("Authorization", TestHttp.basic(other)));

            assertThat(r.status()).isEqualTo(404);
            assertThat(h.get(h.servicePath(QUERY + "/" + handle(created))).code()).isEqualTo("ok");
        }
    }

    @Test
    void historyIsKept7DaysOnTheEmulatorsClock() {
        peer("alice", "bob", "old");
        clock.advance(Duration.ofDays(1));
        peer("alice", "bob", "new");
        clock.advance(Duration.ofDays(6).minusMillis(1));
        assertThat(emulator.history(appId)).extracting(AcceptedMessage::payload).containsExactly("old", "new");

        clock.advance(Duration.ofMillis(1));

        assertThat(emulator.history(appId)).extracting(AcceptedMessage::payload).containsExactly("new");
        assertThat(page("{\"filter\":{\"source\":\"alice\",\"start_time\":\"2025-06-01T00:00:00Z\","
                + "\"end_time\":\"2025-06-30T00:00:00Z\"}}")).containsExactly("alice>bob:new");
    }

    // ---- counts --------------------------------------------------------------------------------------------

    @Test
    void aCountAnswersInProgressThenTheCount() {
        peer("alice", "bob", "1");
        channel("alice", "room", "2");
        peer("carol", "bob", "3");
        String q = "source=alice&start_time=" + START + "&end_time=" + END;

        TestHttp.Resp progress = count(q);
        assertThat(progress.body()).isEqualTo("{\"result\":\"success\",\"request_id\":\""
                + progress.json().get("request_id").asText() + "\",\"code\":\"in progress\"}");
        assertThat(count(q).code()).isEqualTo("in progress");
        TestHttp.Resp ok = count(q);
        assertThat(ok.body()).isEqualTo("{\"result\":\"success\",\"request_id\":\"" + ok.json().get("request_id").asText()
                + "\",\"code\":\"ok\",\"count\":2}");
        assertThat(count(q).code()).as("the next ask starts over").isEqualTo("in progress");
    }

    @Test
    void countsFollowTheSameTableAndDecodeTheirParametersOnce() {
        peer("alice", "bob", "1");
        channel("alice", "a b+c", "2");
        channel("carol", "a b+c", "3");

        assertThat(countUntilOk("destination=bob&start_time=" + START + "&end_time=" + END)).isEqualTo(1);
        assertThat(countUntilOk("destination=a%20b%2Bc&start_time=" + START + "&end_time=" + END)).isEqualTo(2);
        assertThat(countUntilOk("destination=a%20b+c&start_time=" + START + "&end_time=" + END))
                .as("+ stays +").isEqualTo(2);
        assertThat(countUntilOk("source=a%20b%2Bc&start_time=" + START + "&end_time=" + END)).as("a channel as source")
                .isZero();
        assertThat(countUntilOk("source=alice&destination=bob&start_time=2025-06-01T12%3A00%3A01Z&end_time=" + END))
                .isEqualTo(1);
    }

    @Test
    void countParameterRulesAre400NamingTheField() {
        assertThat(TestHttp.rules(count("start_time=" + START + "&end_time=" + END)))
                .containsExactly("source:source_or_destination");
        assertThat(TestHttp.rules(count("source=alice&end_time=" + END))).containsExactly("start_time:required");
        assertThat(TestHttp.rules(count("source=alice&start_time=yesterday&end_time=" + END)))
                .containsExactly("start_time:format");
        assertThat(TestHttp.rules(count("source=alice&start_time=" + END + "&end_time=" + START)))
                .containsExactly("start_time:not_after_end_time");
        assertThat(TestHttp.rules(count("source=alice&source=bob&start_time=" + START + "&end_time=" + END)))
                .containsExactly("source:single_value");
        assertThat(TestHttp.rules(count("source=%C3&start_time=" + START + "&end_time=" + END)))
                .containsExactly("source:percent_encoding");
        TestHttp.Resp r = count("source=alice&start_time=" + START);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.code()).isEqualTo("invalid_parameter");
        assertThat(count("source=alice&start_time=" + START + "&end_time=" + END + "&unknown=1").code())
                .as("unknown parameters are ignored").isEqualTo("in progress");
    }

    // ---- quota, auth, routes -------------------------------------------------------------------------------

    @Test
    void allHistoryCallsShare100CallsPerSecondAndThe101stIs429WithRetryAfter() {
        String handle = handle(create("{\"filter\":" + filter("alice", null) + "}"));
        for (int i = 1; i < 100; i++) {
            TestHttp.Resp r = switch (i % 3) {
                case 0 -> create("{\"filter\":" + filter("alice", null) + "}");
                case 1 -> read(handle);
                default -> count("source=alice&start_time=" + START + "&end_time=" + END);
            };
            assertThat(r.status()).as("call %d", i + 1).isEqualTo(200);
        }

        TestHttp.Resp limited = count("source=alice&start_time=" + START + "&end_time=" + END);

        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.code()).isEqualTo("rate_limited");
        assertThat(limited.header("retry-after")).isEqualTo("1");
        assertThat(read(handle).status()).isEqualTo(429);
        assertThat(create("{\"filter\":" + filter("alice", null) + "}").status()).isEqualTo(429);
        assertThat(http.get(http.servicePath("/rtm/vendor/user_events")).status()).as("events are counted apart")
                .isEqualTo(200);
        assertThat(http.postPeer("alice", "{\"destination\":\"bob\",\"payload\":\"x\"}").status())
                .as("sends are counted apart").isEqualTo(200);
        clock.advance(Duration.ofSeconds(1));
        assertThat(read(handle).status()).isEqualTo(200);
    }

    @Test
    void invalidCallsDoNotCountAgainstTheQuota() {
        for (int i = 0; i < 150; i++) {
            assertThat(create("{\"filter\":" + filter(null, null) + "}").status()).isEqualTo(400);
        }
        assertThat(create("{\"filter\":" + filter("alice", null) + "}").status()).isEqualTo(200);
    }

    @Test
    void authIsAsForTheSendApisAndAnyUidWithAValidTokenMayQuery() {
        EmulatorApp app = emulator.app();
        String token = RtmTokenBuilder.buildToken(app.appId(), app.appCertificate(), "auditor",
                NOW.plus(Duration.ofDays(1)).getEpochSecond());
        Map<String, String> tokenHeaders = Map.of("x-ar-token", token, "x-ar-uid", "auditor", "Content-Type", TestHttp.JSON);

        TestHttp.Resp created = http.post(http.servicePath(QUERY), "{\"filter\":" + filter("alice", null) + "}", tokenHeaders);
        assertThat(created.status()).isEqualTo(200);
        assertThat(http.send("GET", http.servicePath(QUERY + "/" + handle(created)), null, tokenHeaders).status())
                .isEqualTo(200);
        assertThat(http.send("GET", http.servicePath(COUNT) + "?source=alice&start_time=" + START + "&end_time=" + END,
                null, tokenHeaders).status()).isEqualTo(200);

        TestHttp.Resp none = http.post(http.servicePath(QUERY), "{}", Map.of("Content-Type", TestHttp.JSON));
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.code()).isEqualTo("missing_credentials");
        assertThat(http.send("GET", http.servicePath(QUERY + "/x"), null, Map.of("Authorization", "Basic Zm9vOmJhcg=="))
                .code()).as("auth comes before the handle").isEqualTo("invalid_credentials");
    }

    @Test
    void wrongMethodsAre405WithAllow() {
        TestHttp.Resp getQuery = http.get(http.servicePath(QUERY));
        assertThat(getQuery.status()).isEqualTo(405);
        assertThat(getQuery.header("allow")).isEqualTo("POST");
        TestHttp.Resp postHandle = http.postJson(http.servicePath(QUERY + "/abc"), "{}");
        assertThat(postHandle.status()).isEqualTo(405);
        assertThat(postHandle.header("allow")).isEqualTo("GET");
        assertThat(http.postJson(http.servicePath(COUNT), "{}").header("allow")).isEqualTo("GET");
        assertThat(http.get(http.servicePath("/rtm/message/history")).status()).isEqualTo(404);
    }
}
