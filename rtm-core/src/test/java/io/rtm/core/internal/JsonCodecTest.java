package io.rtm.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.rtm.core.ChannelMessage;
import io.rtm.core.DeliveryCode;
import io.rtm.core.PeerMessage;
import io.rtm.core.Violation;
import io.rtm.core.error.RtmValidationException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonCodecTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static PeerMessage.Builder peer(String payload) {
        return PeerMessage.builder().from("alice").to("bob").payload(payload);
    }

    private static String peerBody(String payload) {
        return new String(JsonCodec.encode(peer(payload).build()), StandardCharsets.UTF_8);
    }

    // --- encoding ---

    @Test
    void encodesPeerBodyWithSpecFieldsInOrderAndBothBooleansPresentWhenFalse() {
        assertThat(JsonCodec.encode(peer("hi").build())).isEqualTo(utf8(
                "{\"destination\":\"bob\",\"enable_offline_messaging\":false,\"enable_historical_messaging\":false,\"payload\":\"hi\"}"));
    }

    @Test
    void encodesPeerFlagsAsJsonBooleans() {
        assertThat(JsonCodec.encode(peer("hi").offline(true).history(true).build())).isEqualTo(utf8(
                "{\"destination\":\"bob\",\"enable_offline_messaging\":true,\"enable_historical_messaging\":true,\"payload\":\"hi\"}"));
    }

    @Test
    void keepsOfflineAndHistoryFlagsApart() {
        assertThat(JsonCodec.encode(peer("hi").offline(true).build())).isEqualTo(utf8(
                "{\"destination\":\"bob\",\"enable_offline_messaging\":true,\"enable_historical_messaging\":false,\"payload\":\"hi\"}"));
    }

    @Test
    void doesNotPutWaitForAckInTheBody() {
        assertThat(peerBody("hi")).isEqualTo(new String(JsonCodec.encode(peer("hi").waitForAck(true).build()), StandardCharsets.UTF_8));
    }

    @Test
    void encodesChannelBodyWithSpecFieldsInOrder() {
        ChannelMessage m = ChannelMessage.builder().from("alice").channel("lobby").payload("hi").build();
        assertThat(JsonCodec.encode(m)).isEqualTo(utf8(
                "{\"channel_name\":\"lobby\",\"enable_historical_messaging\":false,\"payload\":\"hi\"}"));
    }

    @Test
    void encodesChannelHistoryFlag() {
        ChannelMessage m = ChannelMessage.builder().from("alice").channel("lobby").payload("hi").history(true).build();
        assertThat(JsonCodec.encode(m)).isEqualTo(utf8(
                "{\"channel_name\":\"lobby\",\"enable_historical_messaging\":true,\"payload\":\"hi\"}"));
    }

    @Test
    void writesNonAsciiAsRawUtf8IncludingCharactersOutsideTheBmp() {
        String text = "é用😀";
        byte[] body = JsonCodec.encode(peer(text).build());
        assertThat(body).isEqualTo(utf8(
                "{\"destination\":\"bob\",\"enable_offline_messaging\":false,\"enable_historical_messaging\":false,\"payload\":\"" + text + "\"}"));
        // the emoji is its 4 UTF-8 bytes, not a \\uD83D\\uDE00 escape pair
        assertThat(new String(body, StandardCharsets.ISO_8859_1)).doesNotContain("\\u");
    }

    @Test
    void escapesQuoteAndBackslash() {
        assertThat(peerBody("say \"hi\" \\o/")).endsWith("\"payload\":\"say \\\"hi\\\" \\\\o/\"}");
    }

    @Test
    void escapesControlCharacters() {
        assertThat(peerBody("a\nb\tc\rd\u0000e\u001f")).endsWith("\"payload\":\"a\\nb\\tc\\rd\\u0000e\\u001F\"}");
    }

    @Test
    void doesNotEscapeSlash() {
        assertThat(peerBody("a/b</script>")).endsWith("\"payload\":\"a/b</script>\"}");
    }

    @Test
    void escapesInDestinationToo() {
        PeerMessage m = PeerMessage.builder().from("alice").to("b\"o\\b").payload("x").build();
        assertThat(new String(JsonCodec.encode(m), StandardCharsets.UTF_8)).startsWith("{\"destination\":\"b\\\"o\\\\b\",");
    }

    @Test
    void encodesPayloadOf32768BytesExactly() {
        String payload = "é".repeat(16384);
        byte[] body = JsonCodec.encode(peer(payload).build());
        String prefix = "{\"destination\":\"bob\",\"enable_offline_messaging\":false,\"enable_historical_messaging\":false,\"payload\":\"";
        assertThat(body).hasSize(prefix.length() + 32768 + 2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\uD800", "\uDC00", "a\uD800b", "\uD83D", "x\uDE00\uD83D"})
    void rejectsPayloadWithUnpairedSurrogateInsteadOfSendingOtherText(String payload) {
        RtmValidationException e = catchThrowableOfType(RtmValidationException.class, () -> JsonCodec.encode(peer(payload).build()));
        assertThat(e.violations()).containsExactly(JsonCodec.malformed("payload"));
        assertThat(e.attempts()).isZero();
    }

    @Test
    void namesEveryFieldWithAnUnpairedSurrogate() {
        ChannelMessage m = ChannelMessage.builder().from("alice").channel("c\uD800").payload("\uDC00").build();
        RtmValidationException e = catchThrowableOfType(RtmValidationException.class, () -> JsonCodec.encode(m));
        assertThat(e.violations()).extracting(Violation::field, Violation::rule).containsExactly(
                org.assertj.core.groups.Tuple.tuple("channel_name", "well_formed_unicode"),
                org.assertj.core.groups.Tuple.tuple("payload", "well_formed_unicode"));
    }

    @Test
    void judgesWellFormedness() {
        assertThat(JsonCodec.isWellFormed("")).isTrue();
        assertThat(JsonCodec.isWellFormed("plain é 😀")).isTrue();
        assertThat(JsonCodec.isWellFormed("\uD83D\uDE00\uD83D\uDE00")).isTrue();
        assertThat(JsonCodec.isWellFormed("\uDE00\uD83D")).isFalse();
        assertThat(JsonCodec.isWellFormed("😀\uD83D")).isFalse();
    }
}
