package io.rtm.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rtm.core.spi.HttpHeaders;
import io.rtm.core.spi.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The code tag is read from a reply exactly as the client reads the reply's code. */
class ReplyCodesTest {

    private final ReplyCodes codes = ReplyCodes.of(List.of());

    private String tagOf(String body) {
        return codes.tag(codes.indexOfReply(HttpResponse.of(200, HttpHeaders.empty(), body.getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void readsEveryPublishedExample() {
        assertThat(tagOf("{\"code\": \"message_sent\", \"result\": \"success\", \"request_id\": \"123\"}")).isEqualTo("message_sent");
        assertThat(tagOf("{\"code\": \"message_delivered\", \"result\": \"success\", \"request_id\": \"123\"}")).isEqualTo("message_delivered");
        assertThat(tagOf("{\"code\": \"message_offline\", \"request_id\": \"123\"}")).isEqualTo("message_offline");
        assertThat(tagOf("{\"code\": \"message sent\", \"request_id\": \"123\", \"result\": \"success\"}")).isEqualTo("message_sent");
    }

    @Test
    void readsErrorCodes() {
        assertThat(tagOf("{\"result\":\"failed\",\"code\":\"rate_limited\",\"request_id\":\"r\"}")).isEqualTo("rate_limited");
        assertThat(tagOf("{\"result\":\"failed\",\"code\":\"uid_mismatch\",\"message\":\"x\"}")).isEqualTo("uid_mismatch");
        assertThat(tagOf("{\"code\":\"invalid_parameter\"}")).isEqualTo("invalid_parameter");
    }

    @Test
    void anUnknownOrNonStringCodeIsOther() {
        assertThat(tagOf("{\"code\":\"message_queued\"}")).isEqualTo("other");
        assertThat(tagOf("{\"code\":\"MESSAGE_SENT\"}")).isEqualTo("other");
        assertThat(tagOf("{\"code\":\"message_sent \"}")).isEqualTo("other");
        assertThat(tagOf("{\"code\":42}")).isEqualTo("other");
        assertThat(tagOf("{\"code\":true}")).isEqualTo("other");
    }

    @Test
    void noReadableCodeIsNone() {
        assertThat(tagOf("")).isEqualTo("none");
        assertThat(tagOf("{}")).isEqualTo("none");
        assertThat(tagOf("{\"code\":\"\"}")).isEqualTo("none");
        assertThat(tagOf("{\"code\":null}")).isEqualTo("none");
        assertThat(tagOf("[\"message_sent\"]")).isEqualTo("none");
        assertThat(tagOf("\"message_sent\"")).isEqualTo("none");
        assertThat(tagOf("<html>502 Bad Gateway</html>")).isEqualTo("none");
        assertThat(tagOf("{\"code\":\"message_sent\"")).as("truncated").isEqualTo("none");
        assertThat(tagOf("{\"code\":\"message_sent\",")).as("truncated").isEqualTo("none");
    }

    @Test
    void readsOnlyTheTopLevelCodeAndTheLastOneWinsLikeTheClient() {
        assertThat(tagOf("{\"data\":{\"code\":\"message_sent\"},\"list\":[{\"code\":\"rate_limited\"}]}")).isEqualTo("none");
        assertThat(tagOf("{\"data\":{\"code\":\"message_sent\"},\"code\":\"rate_limited\"}")).isEqualTo("rate_limited");
        assertThat(tagOf("{\"code\":\"rate_limited\",\"code\":\"message_sent\"}")).isEqualTo("message_sent");
        assertThat(tagOf("{\"code\":\"rate_limited\",\"code\":null}")).isEqualTo("rate_limited");
    }

    @Test
    void readsEscapedAndUnicodeText() {
        assertThat(tagOf("{\"code\":\"message\\u005fsent\"}")).isEqualTo("message_sent");
        assertThat(tagOf("{\"code\":\"m\u00e9ssage_sent\"}")).isEqualTo("other");
    }

    @Test
    void mapsCodesFromExceptionsTheSameWay() {
        assertThat(codes.tag(codes.indexOf("rate_limited"))).isEqualTo("rate_limited");
        assertThat(codes.tag(codes.indexOf("message sent"))).isEqualTo("message_sent");
        assertThat(codes.tag(codes.indexOf("something_else"))).isEqualTo("other");
        assertThat(codes.tag(codes.indexOf(""))).isEqualTo("none");
        assertThat(codes.tag(codes.indexOf(null))).isEqualTo("none");
    }

    @Test
    void rejectsExtraCodesThatAreNotSnakeCaseOrWouldExceedTheBound() {
        assertThatThrownBy(() -> ReplyCodes.of(List.of("Has Space"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("knownCodes").hasMessageContaining("[a-z0-9_]");
        assertThatThrownBy(() -> ReplyCodes.of(List.of("other"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ReplyCodes.of(List.of("none"))).isInstanceOf(IllegalArgumentException.class);
        List<String> many = new ArrayList<>();
        for (int i = 0; many.size() + RtmMetrics.defaultKnownCodes().size() + 2 <= ReplyCodes.MAX_TAG_VALUES; i++) {
            many.add("code_" + i);
        }
        assertThatThrownBy(() -> ReplyCodes.of(many)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 62");
        assertThat(ReplyCodes.of(many.subList(0, many.size() - 1)).tagValues()).hasSize(ReplyCodes.MAX_TAG_VALUES);
    }
}
