package io.rtm.core.spi;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtm.core.DeliveryCode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** How the client reads reply bodies: the published SPEC replies, error bodies, and anything else. */
class ServiceReplyDecodingTest {

    /** The fields as read; null when absent. */
    record Reply(boolean json, String result, String code, String requestId, String message) {
        static final Reply NONE = new Reply(false, null, null, null, null);
    }

    private static Reply read(byte[] body) {
        ServiceReply r = ServiceReply.of(HttpResponse.of(200, HttpHeaders.empty(), body));
        return new Reply(r.isJsonObject(), r.result().orElse(null), r.code().orElse(null), r.requestId().orElse(null),
                r.message().orElse(null));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    // --- decoding: the four published SPEC replies ---

    @Test
    void decodesPublishedMessageSentReply() {
        Reply r = read(utf8("{\"code\": \"message_sent\", \"result\": \"success\", \"request_id\": \"123\"}"));
        assertThat(r).isEqualTo(new Reply(true, "success", "message_sent", "123", null));
        assertThat(DeliveryCode.fromWire(r.code())).isEqualTo(DeliveryCode.SENT);
    }

    @Test
    void decodesPublishedMessageDeliveredReply() {
        Reply r = read(utf8("{\"code\": \"message_delivered\", \"result\": \"success\", \"request_id\": \"123\"}"));
        assertThat(r).isEqualTo(new Reply(true, "success", "message_delivered", "123", null));
        assertThat(DeliveryCode.fromWire(r.code())).isEqualTo(DeliveryCode.DELIVERED);
    }

    @Test
    void decodesPublishedMessageOfflineReplyWithoutResult() {
        Reply r = read(utf8("{\"code\": \"message_offline\", \"request_id\": \"123\"}"));
        assertThat(r).isEqualTo(new Reply(true, null, "message_offline", "123", null));
        assertThat(DeliveryCode.fromWire(r.code())).isEqualTo(DeliveryCode.OFFLINE);
    }

    @Test
    void decodesPublishedChannelReplyWithSpaceInCodeAsSent() {
        Reply r = read(utf8("{\"code\": \"message sent\", \"request_id\": \"123\", \"result\": \"success\"}"));
        assertThat(r).isEqualTo(new Reply(true, "success", "message sent", "123", null));
        assertThat(DeliveryCode.fromWire(r.code())).isEqualTo(DeliveryCode.SENT);
    }

    @Test
    void decodesErrorReplyMessage() {
        Reply r = read(utf8(
                "{\"result\":\"failed\",\"code\":\"invalid_payload\",\"request_id\":\"r9\",\"message\":\"payload is empty\"}"));
        assertThat(r).isEqualTo(new Reply(true, "failed", "invalid_payload", "r9", "payload is empty"));
    }

    @Test
    void ignoresUnknownFieldsAndNestedValues() {
        Reply r = read(utf8("{\"extra\":{\"code\":\"nested\",\"list\":[1,{\"a\":2}]},"
                + "\"tags\":[\"code\",\"x\"],\"code\":\"message_sent\",\"n\":1.5,\"flag\":true,\"request_id\":\"7\"}"));
        assertThat(r).isEqualTo(new Reply(true, null, "message_sent", "7", null));
    }

    @Test
    void readsNullValuesAsAbsent() {
        Reply r = read(utf8("{\"code\":null,\"result\":null,\"request_id\":null,\"message\":null}"));
        assertThat(r).isEqualTo(new Reply(true, null, null, null, null));
    }

    @Test
    void readsNonStringScalarsAsTheirText() {
        Reply r = read(utf8("{\"request_id\":123,\"code\":\"message_sent\"}"));
        assertThat(r.requestId()).isEqualTo("123");
    }

    @Test
    void readsEmptyObjectAsJsonWithoutFields() {
        assertThat(read(utf8("{}"))).isEqualTo(new Reply(true, null, null, null, null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "not json", "<html><body>502 Bad Gateway</body></html>", "[]",
            "[{\"code\":\"message_sent\"}]", "\"message_sent\"", "42", "null", "{\"code\":\"message_sent\"",
            "{\"code\":", "{\"code\" \"x\"}", "{code:\"x\"}"})
    void readsEmptyNonJsonNonObjectOrTruncatedBodiesAsNone(String body) {
        assertThat(read(utf8(body))).isEqualTo(Reply.NONE);
    }

    @Test
    void readsNonUtf8GarbageAsNone() {
        assertThat(read(new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1})).isEqualTo(Reply.NONE);
    }
}
