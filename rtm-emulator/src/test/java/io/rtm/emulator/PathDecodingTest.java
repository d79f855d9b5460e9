package io.rtm.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every id of ids.json through the path, decoded exactly once; and the encodings Jetty must not touch. */
class PathDecodingTest {

    static RtmEmulator emulator;
    static TestHttp http;
    static String appId;
    static JsonNode ids;

    @BeforeAll
    static void start() throws IOException {
        emulator = RtmEmulator.builder().rateLimitPerSecond(100_000).start();
        http = new TestHttp(emulator);
        appId = emulator.app().appId();
        try (InputStream in = PathDecodingTest.class.getResourceAsStream("/ids.json")) {
            ids = TestHttp.MAPPER.readTree(in);
        }
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

    private static List<String> list(String name) {
        List<String> out = new ArrayList<>();
        ids.get(name).forEach(n -> out.add(n.asText()));
        return out;
    }

    private TestHttp.Resp sendAs(String rawSegment) {
        return http.post(http.sendPath(appId, rawSegment, "peer_messages"), "{\"destination\":\"bob\",\"payload\":\"x\"}",
                http.basicHeaders());
    }

    @Test
    void everyValidIdArrivesDecodedExactly() {
        for (String id : list("valid")) {
            TestHttp.Resp r = sendAs(TestHttp.encode(id));
            assertThat(r.status()).as(id).isEqualTo(200);
        }
        assertThat(emulator.accepted(appId)).extracting(AcceptedMessage::from).containsExactlyElementsOf(list("valid"));
    }

    @Test
    void everyValidIdIsAcceptedAsDestinationAndChannelName() {
        for (String id : list("valid")) {
            String json = TestHttp.MAPPER.valueToTree(id).toString();
            assertThat(http.postPeer("alice", "{\"destination\":" + json + ",\"payload\":\"x\"}").status()).as(id).isEqualTo(200);
            assertThat(http.postChannel("alice", "{\"channel_name\":" + json + ",\"payload\":\"x\"}").status()).as(id).isEqualTo(200);
        }
    }

    @Test
    void everyInvalidIdIs400NamingTheRule() {
        for (String id : list("invalid")) {
            TestHttp.Resp r = sendAs(TestHttp.encode(id));
            assertThat(r.status()).as(id).isEqualTo(400);
            if (id.indexOf('\0') >= 0) {
                // Jetty refuses an encoded NUL in the request line before any handler runs (documented)
                assertThat(r.code()).as(id).isEqualTo("malformed_request");
                continue;
            }
            assertThat(r.code()).as(id).isEqualTo("invalid_parameter");
            assertThat(TestHttp.rules(r)).as(id).isNotEmpty().allMatch(v -> v.startsWith("user_id:"));
        }
    }

    @Test
    void invalidIdsInTheBodyNameTheirRule() {
        for (String id : list("invalid")) {
            String json = TestHttp.MAPPER.valueToTree(id).toString();
            TestHttp.Resp r = http.postPeer("alice", "{\"destination\":" + json + ",\"payload\":\"x\"}");
            assertThat(r.status()).as(id).isEqualTo(400);
            assertThat(TestHttp.rules(r)).as(id).isNotEmpty().allMatch(v -> v.startsWith("destination:"));
        }
    }

    @Test
    void edgeSpacesAreInvalidOnlyInThePath() {
        for (String id : list("invalid_in_url")) {
            TestHttp.Resp r = sendAs(TestHttp.encode(id));
            assertThat(r.status()).as(id).isEqualTo(400);
            assertThat(TestHttp.rules(r)).as(id).contains("user_id:no_edge_space");
            String json = TestHttp.MAPPER.valueToTree(id).toString();
            assertThat(http.postPeer("alice", "{\"destination\":" + json + ",\"payload\":\"x\"}").status()).as(id).isEqualTo(200);
        }
    }

    @Test
    void encodedDotSegmentsArriveAsDotAndDotDot() {
        assertThat(sendAs("%2E").status()).isEqualTo(200);
        assertThat(sendAs("%2E%2E").status()).isEqualTo(200);
        assertThat(sendAs("%2e%2e").status()).isEqualTo(200);

        assertThat(emulator.accepted(appId)).extracting(AcceptedMessage::from).containsExactly(".", "..", "..");
    }

    @Test
    void plusStaysPlusAndPercent25IsPercent() {
        assertThat(sendAs("x+y").status()).isEqualTo(200);
        assertThat(sendAs("100%25").status()).isEqualTo(200);
        assertThat(sendAs("a%2Bb").status()).isEqualTo(200);

        assertThat(emulator.accepted(appId)).extracting(AcceptedMessage::from).containsExactly("x+y", "100%", "a+b");
    }

    @Test
    void unencodedSubDelimitersIncludingSemicolonArriveAsIs() {
        assertThat(sendAs("a;b=c").status()).isEqualTo(200);
        assertThat(sendAs("!$&()+-:;=.@_~,'").status()).isEqualTo(200);

        assertThat(emulator.accepted(appId)).extracting(AcceptedMessage::from).containsExactly("a;b=c", "!$&()+-:;=.@_~,'");
    }

    @Test
    void encodedSlashIs400AllowedCharacters() {
        TestHttp.Resp r = sendAs("a%2Fb");

        assertThat(r.status()).isEqualTo(400);
        assertThat(TestHttp.rules(r)).containsExactly("user_id:allowed_characters");
    }

    @Test
    void emptyUserIdSegmentIs400NotEmpty() {
        assertThat(TestHttp.rules(sendAs(""))).containsExactly("user_id:not_empty");
    }

    @Test
    void badUtf8PercentEncodingIs400PercentEncoding() {
        for (String raw : new String[] {"%C3", "%FF", "a%C3%28", "%ED%A0%80"}) {
            String response = http.rawPost(http.sendPath(appId, raw, "peer_messages"), "{\"destination\":\"bob\",\"payload\":\"x\"}");
            assertThat(TestHttp.statusOf(response)).as(raw).isEqualTo(400);
            JsonNode body = TestHttp.bodyOf(response);
            assertThat(body.get("code").asText()).isEqualTo("invalid_parameter");
            assertThat(body.get("violations").get(0).get("field").asText()).isEqualTo("user_id");
            assertThat(body.get("violations").get(0).get("rule").asText()).isEqualTo("percent_encoding");
        }
    }

    @Test
    void malformedPercentIs400InTheJsonErrorShape() {
        for (String raw : new String[] {"%zz", "%", "a%2", "%G0"}) {
            String response = http.rawPost(http.sendPath(appId, raw, "peer_messages"), "{\"destination\":\"bob\",\"payload\":\"x\"}");
            assertThat(TestHttp.statusOf(response)).as(raw).isEqualTo(400);
            assertThat(response).contains("Content-Type: application/json;charset=utf-8");
            JsonNode body = TestHttp.bodyOf(response);
            assertThat(body.get("result").asText()).isEqualTo("failed");
            assertThat(body.get("code").asText()).isIn("malformed_request", "invalid_parameter");
            assertThat(body.get("request_id").asText()).isNotEmpty();
        }
        assertThat(emulator.accepted(appId)).isEmpty();
    }

    @Test
    void decodesEachSegmentExactlyOnce() {
        assertThat(PercentDecoding.decode("%2541")).contains("%41");
        assertThat(PercentDecoding.decode("a+b%20c")).contains("a+b c");
        assertThat(PercentDecoding.decode("%E7%94%A8")).contains("用");
        assertThat(PercentDecoding.decode("%e7%94%a8")).contains("用");
        assertThat(PercentDecoding.decode("%zz")).isEmpty();
        assertThat(PercentDecoding.decode("%4")).isEmpty();
        assertThat(PercentDecoding.decode("%C3")).isEmpty();
        assertThat(PercentDecoding.decode("%ED%A0%80")).isEmpty(); // an encoded surrogate is not UTF-8
    }
}
