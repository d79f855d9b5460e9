package io.rtm.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 11 item 9: every valid message is accepted in every valid JSON encoding. A client may escape any
 * character as {@code \}{@code uXXXX} (Python's {@code json.dumps} escapes every non-ASCII one), so a payload of
 * 32,768 UTF-8 bytes can take 6 body bytes per payload byte; the payload rule applies to the decoded value.
 */
class BodyEncodingTest {

    /** 64 characters, the longest valid user ID / channel name. */
    static final String LONGEST_ID = "b".repeat(60) + "!#$%";

    static RtmEmulator emulator;
    static TestHttp http;
    static String appId;

    @BeforeAll
    static void start() {
        emulator = RtmEmulator.builder().rateLimitPerSecond(10_000).start();
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

    /** Payloads of exactly 32,768 UTF-8 bytes made of 1-, 2-, 3- and 4-byte characters. */
    static Stream<Arguments> payloadsOf32768Bytes() {
        return Stream.of(
                Arguments.of("1-byte", "A".repeat(32_768)),
                Arguments.of("2-byte", "é".repeat(16_384)),
                Arguments.of("3-byte", "€".repeat(10_922) + "é"),           // 32,766 + 2
                Arguments.of("4-byte", "\uD83D\uDE00".repeat(8_192)));     // a 12-byte surrogate-pair escape each
    }

    /** Every character as a JSON escape: {@code \}{@code uXXXX}, a supplementary character as a surrogate pair. */
    static String escapeAll(String s) {
        StringBuilder sb = new StringBuilder(s.length() * 6);
        for (int i = 0; i < s.length(); i++) {
            sb.append(String.format("\\u%04x", (int) s.charAt(i)));
        }
        return sb.toString();
    }

    static String escapedPeerBody(String destination, String payload) {
        return "{\"" + escapeAll("destination") + "\":\"" + escapeAll(destination) + "\",\""
                + escapeAll("payload") + "\":\"" + escapeAll(payload) + "\",\""
                + escapeAll("enable_offline_messaging") + "\":true,\""
                + escapeAll("enable_historical_messaging") + "\":false}";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("payloadsOf32768Bytes")
    void acceptsAnAllEscaped32768BytePeerPayloadWithEscapedFieldNamesAndIds(String kind, String payload) {
        assertThat(payload.getBytes(StandardCharsets.UTF_8)).hasSize(32_768);
        String body = escapedPeerBody(LONGEST_ID, payload);

        TestHttp.Resp r = http.post(http.sendPath(appId, TestHttp.encode(LONGEST_ID), "peer_messages"), body,
                http.basicHeaders());

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.code()).isEqualTo("message_sent");
        assertThat(emulator.accepted(appId)).singleElement().satisfies(m -> {
            assertThat(m.payload()).isEqualTo(payload);
            assertThat(m.to()).isEqualTo(LONGEST_ID);
            assertThat(m.offlineMessaging()).isTrue();
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("payloadsOf32768Bytes")
    void acceptsAnAllEscaped32768ByteChannelPayload(String kind, String payload) {
        String body = "{\"" + escapeAll("channel_name") + "\":\"" + escapeAll(LONGEST_ID) + "\",\""
                + escapeAll("payload") + "\":\"" + escapeAll(payload) + "\",\""
                + escapeAll("enable_historical_messaging") + "\":true}";

        TestHttp.Resp r = http.post(http.sendPath(appId, TestHttp.encode(LONGEST_ID), "channel_messages"), body,
                http.basicHeaders());

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(emulator.accepted(appId)).singleElement().satisfies(m -> assertThat(m.payload()).isEqualTo(payload));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("payloadsOf32768Bytes")
    void rejectsAnAllEscapedPayloadOf32769BytesAs400NamingPayload(String kind, String payload) {
        String body = escapedPeerBody(LONGEST_ID, payload + "A");

        TestHttp.Resp r = http.post(http.sendPath(appId, TestHttp.encode(LONGEST_ID), "peer_messages"), body,
                http.basicHeaders());

        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.code()).isEqualTo("invalid_parameter");
        assertThat(TestHttp.rules(r)).containsExactly("payload:max_utf8_bytes");
        assertThat(emulator.accepted(appId)).isEmpty();
    }

    @Test
    void theLongestEscapedBodyIsWhatTheBodyLimitIsBuiltOn() {
        assertThat(escapedPeerBody(LONGEST_ID, "A".repeat(32_768)).replace(":true", ":false"))
                .hasSize(RtmEmulator.Builder.LONGEST_ESCAPED_SEND_BODY).hasSize(197_437);
        assertThat(RtmEmulator.Builder.MIN_BODY_BYTES).isGreaterThan(RtmEmulator.Builder.LONGEST_ESCAPED_SEND_BODY);
    }

    @Test
    void aBodyLimitBelowTheLongestValidBodyIsRefused() {
        RtmEmulator.Builder b = RtmEmulator.builder();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> b.maxBodyBytes(RtmEmulator.Builder.MIN_BODY_BYTES - 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxBodyBytes must be at least 262144");
    }

    @Test
    void acceptsAPrettyPrintedAllEscapedLongestBody() {
        String payload = "A".repeat(32_768);
        String indent = "\r\n" + " ".repeat(64);
        String body = "{" + indent + "\"" + escapeAll("destination") + "\" : \"" + escapeAll(LONGEST_ID) + "\"," + indent
                + "\"" + escapeAll("payload") + "\" : \"" + escapeAll(payload) + "\"," + indent
                + "\"" + escapeAll("enable_offline_messaging") + "\" : false," + indent
                + "\"" + escapeAll("enable_historical_messaging") + "\" : true" + "\r\n}\r\n";

        TestHttp.Resp r = http.post(http.sendPath(appId, TestHttp.encode(LONGEST_ID), "peer_messages"), body,
                http.basicHeaders());

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(emulator.history(appId)).singleElement().satisfies(m -> assertThat(m.payload()).isEqualTo(payload));
    }

    @Test
    void aLoneEscapedSurrogateIsNotWellFormedUnicode() {
        TestHttp.Resp r = http.postPeer("alice", "{\"destination\":\"bob\",\"payload\":\"\\ud83d\"}");

        assertThat(r.status()).isEqualTo(400);
        assertThat(TestHttp.rules(r)).containsExactly("payload:well_formed_unicode");
    }
}
