package io.rtm.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SendApiTest {

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
    void noUnexpectedErrors() {
        assertThat(emulator.unexpectedErrors()).isZero();
        emulator.reset();
    }

    @Test
    void peerMessageToOfflineUserIsMessageSentWithExactBody() {
        TestHttp.Resp r = http.postPeer("alice", "{\"destination\":\"bob\",\"payload\":\"hi\"}");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("content-type")).isEqualTo("application/json;charset=utf-8");
        String id = r.json().get("request_id").asText();
        assertThat(r.body()).isEqualTo("{\"result\":\"success\",\"code\":\"message_sent\",\"request_id\":\"" + id + "\"}");
        assertThat(emulator.accepted(appId)).singleElement().satisfies(m -> {
            assertThat(m.api()).isEqualTo(Api.PEER);
            assertThat(m.from()).isEqualTo("alice");
            assertThat(m.to()).isEqualTo("bob");
            assertThat(m.payload()).isEqualTo("hi");
            assertThat(m.requestId()).isEqualTo(id);
            assertThat(m.offlineMessaging()).isFalse();
            assertThat(m.historicalMessaging()).isFalse();
        });
        assertThat(emulator.stats(appId).droppedMessages()).isEqualTo(1);
    }

    @Test
    void channelMessageIsMessageSent() {
        TestHttp.Resp r = http.postChannel("alice", "{\"channel_name\":\"room\",\"payload\":\"hello\",\"enable_historical_messaging\":true}");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.code()).isEqualTo("message_sent");
        assertThat(r.json().get("result").asText()).isEqualTo("success");
        assertThat(emulator.accepted(appId)).singleElement().satisfies(m -> {
            assertThat(m.api()).isEqualTo(Api.CHANNEL);
            assertThat(m.to()).isEqualTo("room");
            assertThat(m.historicalMessaging()).isTrue();
        });
        assertThat(emulator.history(appId)).hasSize(1);
    }

    @Test
    void requestIdsAreUniquePerRequest() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            ids.add(http.postPeer("alice", "{\"destination\":\"bob\",\"payload\":\"x\"}").json().get("request_id").asText());
            ids.add(http.postPeer("alice", "{}").json().get("request_id").asText());
        }
        assertThat(ids).hasSize(40);
    }

    @Test
    void unknownFieldsAreIgnoredAndNullFlagsDefaultToFalse() {
        TestHttp.Resp r = http.postPeer("alice", "{\"destination\":\"bob\",\"payload\":\"hi\",\"extra\":{\"a\":[1,2,{}]},"
                + "\"enable_offline_messaging\":null,\"enable_historical_messaging\":false}");

        assertThat(r.status()).isEqualTo(200);
        assertThat(emulator.accepted(appId).get(0).offlineMessaging()).isFalse();
    }

    @Test
    void onlyHistoricalMessagesAreKeptAsHistory() {
        http.postPeer("alice", "{\"destination\":\"bob\",\"payload\":\"one\",\"enable_historical_messaging\":true}");
        http.postPeer("alice", "{\"destination\":\"bob\",\"payload\":\"two\"}");

        assertThat(emulator.history(appId)).extracting(AcceptedMessage::payload).containsExactly("one");
    }

    @Test
    void unknownPathIsNotFound() {
        TestHttp.Resp r = http.post("/dev/v2/project/" + appId + "/rtm/users/alice/other_messages", "{}", http.basicHeaders());

        assertThat(r.status()).isEqualTo(404);
        assertThat(r.code()).isEqualTo("not_found");
        assertThat(r.json().get("result").asText()).isEqualTo("failed");
        assertThat(r.json().has("request_id")).isTrue();
        assertThat(r.json().has("message")).isTrue();
        assertThat(http.post("/peer_messages", "{}", http.basicHeaders()).status()).isEqualTo(404);
        assertThat(http.post(http.sendPath(appId, "alice", "peer_messages") + "/", "{}", http.basicHeaders()).status())
                .isEqualTo(404);
    }

    @Test
    void wrongMethodIs405WithAllow() {
        TestHttp.Resp r = http.send("GET", http.sendPath(appId, "alice", "peer_messages"), null, http.basicHeaders());

        assertThat(r.status()).isEqualTo(405);
        assertThat(r.code()).isEqualTo("method_not_allowed");
        assertThat(r.header("allow")).isEqualTo("POST");
    }

    @Test
    void unknownAppIdIs404UnknownApp() {
        TestHttp.Resp r = http.post(http.sendPath(EmulatorApp.generate().appId(), "alice", "peer_messages"),
                "{\"destination\":\"bob\",\"payload\":\"hi\"}", http.basicHeaders());

        assertThat(r.status()).isEqualTo(404);
        assertThat(r.code()).isEqualTo("unknown_app");
    }

    @Test
    void contentTypeOtherThanJsonIs415() {
        String path = http.sendPath(appId, "alice", "peer_messages");
        String body = "{\"destination\":\"bob\",\"payload\":\"hi\"}";
        String auth = TestHttp.basic(emulator.app());

        assertThat(http.post(path, body, Map.of("Authorization", auth, "Content-Type", "text/plain")).code())
                .isEqualTo("unsupported_media_type");
        assertThat(http.post(path, body, Map.of("Authorization", auth, "Content-Type", "application/json;charset=iso-8859-1"))
                .status()).isEqualTo(415);
        assertThat(http.post(path, body, Map.of("Authorization", auth)).status()).isEqualTo(415);
        assertThat(http.post(path, body, Map.of("Authorization", auth, "Content-Type", "Application/JSON; charset=UTF-8"))
                .status()).isEqualTo(200);
    }

    @Test
    void bodyOverMaxBodyBytesIs413() {
        String payload = "a".repeat(64 * 1024);
        TestHttp.Resp r = http.postPeer("alice", "{\"destination\":\"bob\",\"payload\":\"" + payload + "\"}");

        assertThat(r.status()).isEqualTo(413);
        assertThat(r.code()).isEqualTo("payload_too_large");
        assertThat(emulator.accepted(appId)).isEmpty();
    }

    @Test
    void aClientStillWritingAHugeBodyReadsThe413RatherThanAReset() {
        String huge = "{\"destination\":\"bob\",\"payload\":\"" + "a".repeat(3 << 20) + "\"}";
        for (int i = 0; i < 5; i++) {
            assertThat(http.postPeer("alice", huge).status()).isEqualTo(413);
            assertThat(http.postPeer("alice", "{\"destination\":\"bob\",\"payload\":\"x\"}").status()).isEqualTo(200);
        }
    }

    @Test
    void chunkedBodyOverTheLimitIs413() {
        String chunk = "a".repeat(70_000);
        String head = "POST " + http.sendPath(appId, "alice", "peer_messages") + " HTTP/1.1\r\nHost: x\r\nAuthorization: "
                + TestHttp.basic(emulator.app()) + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
                + "Connection: close\r\n\r\n" + Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n0\r\n\r\n";

        String response = http.raw(head, null);

        assertThat(TestHttp.statusOf(response)).isEqualTo(413);
        assertThat(TestHttp.bodyOf(response).get("code").asText()).isEqualTo("payload_too_large");
    }

    @Test
    void hugeDeclaredBodyIsRefusedBeforeItIsSent() {
        // declares 100 MB but sends only 1 KB: the answer must come at once, without waiting for the rest
        String head = "POST " + http.sendPath(appId, "alice", "peer_messages") + " HTTP/1.1\r\nHost: x\r\nAuthorization: "
                + TestHttp.basic(emulator.app()) + "\r\nContent-Type: application/json\r\nContent-Length: 100000000\r\n\r\n";

        String response = http.raw(head, "x".repeat(1024).getBytes(StandardCharsets.US_ASCII));

        assertThat(TestHttp.statusOf(response)).isEqualTo(413);
    }

    @Test
    void payloadOf32768Utf8BytesIsAcceptedAndOneMoreIs400() {
        assertThat(http.postPeer("alice", "{\"destination\":\"bob\",\"payload\":\"" + "é".repeat(16384) + "\"}").status())
                .isEqualTo(200);

        TestHttp.Resp r = http.postPeer("alice", "{\"destination\":\"bob\",\"payload\":\"" + "é".repeat(16385) + "\"}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(TestHttp.rules(r)).containsExactly("payload:max_utf8_bytes");
    }

    @Test
    void malformedJsonIs400MalformedJson() {
        for (String body : new String[] {"", "{", "{\"destination\":}", "[]", "\"text\"", "null", "{} {}", "{\"a\":1,}",
                "{\"destination\":\"bob\",\"destination\":\"eve\",\"payload\":\"x\"}", "{'destination':'bob'}",
                "[".repeat(5000) + "]".repeat(5000)}) {
            TestHttp.Resp r = http.postPeer("alice", body);
            assertThat(r.status()).as(body).isEqualTo(400);
            assertThat(r.code()).as(body).isEqualTo("malformed_json");
        }
    }

    @Test
    void invalidUtf8InBodyIsMalformedJson() {
        byte[] body = {'{', '"', 'p', 'a', 'y', 'l', 'o', 'a', 'd', '"', ':', '"', (byte) 0xC3, '"', '}'};
        TestHttp.Resp r = http.send("POST", http.sendPath(appId, "alice", "peer_messages"), body, http.basicHeaders());

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.code()).isEqualTo("malformed_json");
    }

    @Test
    void wrongJsonTypesAreInvalidParameterWithRuleType() {
        TestHttp.Resp r = http.postPeer("alice", "{\"destination\":7,\"payload\":{\"a\":1},\"enable_offline_messaging\":\"true\","
                + "\"enable_historical_messaging\":1}");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.code()).isEqualTo("invalid_parameter");
        assertThat(TestHttp.rules(r)).containsExactly("destination:type", "payload:type",
                "enable_offline_messaging:type", "enable_historical_messaging:type");
        assertThat(r.json().get("message").asText()).contains("destination (type)").contains("payload (type)");
    }

    @Test
    void missingFieldsAreRuleRequired() {
        TestHttp.Resp peer = http.postPeer("alice", "{}");
        TestHttp.Resp channel = http.postChannel("alice", "{\"payload\":null}");

        assertThat(TestHttp.rules(peer)).containsExactly("destination:required", "payload:required");
        assertThat(TestHttp.rules(channel)).containsExactly("channel_name:required", "payload:required");
    }

    @Test
    void specViolationsNameFieldAndRule() {
        TestHttp.Resp r = http.postPeer("alice", "{\"destination\":\"a/b\",\"payload\":\"\"}");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.code()).isEqualTo("invalid_parameter");
        assertThat(TestHttp.rules(r)).containsExactly("destination:allowed_characters", "payload:not_empty");
        assertThat(r.json().get("message").asText()).contains("destination (allowed_characters)");
        r.json().get("violations").forEach(v -> assertThat(v.get("message").asText()).isNotEmpty());
    }

    @Test
    void loneSurrogateInPayloadIsRuleWellFormedUnicode() {
        TestHttp.Resp r = http.postPeer("alice", "{\"destination\":\"bob\",\"payload\":\"a\\ud800b\"}");

        assertThat(TestHttp.rules(r)).containsExactly("payload:well_formed_unicode");
    }

    @Test
    void waitForAckOtherThanTrueOrFalseIs400() {
        TestHttp.Resp r = http.post(http.sendPath(appId, "alice", "peer_messages") + "?wait_for_ack=yes",
                "{\"destination\":\"bob\",\"payload\":\"x\"}", http.basicHeaders());

        assertThat(r.status()).isEqualTo(400);
        assertThat(TestHttp.rules(r)).containsExactly("wait_for_ack:allowed_values");
    }

    @Test
    void channelApiIgnoresOfflineFlag() {
        TestHttp.Resp r = http.postChannel("alice", "{\"channel_name\":\"room\",\"payload\":\"x\",\"enable_offline_messaging\":\"no\"}");

        assertThat(r.status()).isEqualTo(200);
    }

    @Test
    void countsRequestsAcceptedAndStatuses() {
        http.postPeer("alice", "{\"destination\":\"bob\",\"payload\":\"x\"}");
        http.postPeer("alice", "{}");
        http.post(http.sendPath(appId, "alice", "peer_messages"), "{}", Map.of("Content-Type", TestHttp.JSON));

        AppStats stats = emulator.stats(appId);
        assertThat(stats.requests()).isEqualTo(3);
        assertThat(stats.accepted()).isEqualTo(1);
        assertThat(stats.byStatus()).containsExactlyInAnyOrderEntriesOf(Map.of(200, 1L, 400, 1L, 401, 1L));
    }

    @Test
    void resetForgetsRecordsAndCounters() {
        http.postPeer("alice", "{\"destination\":\"bob\",\"payload\":\"x\",\"enable_offline_messaging\":true}");

        emulator.reset();

        assertThat(emulator.accepted(appId)).isEmpty();
        assertThat(emulator.stored(appId, "bob")).isEmpty();
        assertThat(emulator.stats(appId).requests()).isZero();
    }
}
