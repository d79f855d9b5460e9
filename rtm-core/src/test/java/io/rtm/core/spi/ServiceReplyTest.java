package io.rtm.core.spi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A response's RTM fields, read like the client reads them, decoded once per response. */
class ServiceReplyTest {

    private static HttpResponse response(String body) {
        return HttpResponse.of(200, HttpHeaders.empty(), body);
    }

    @Test
    void readsThePublishedFields() {
        ServiceReply r = ServiceReply.of(response("{\"code\":\"message_sent\",\"result\":\"success\",\"request_id\":\"123\",\"x\":[1]}"));
        assertThat(r.isJsonObject()).isTrue();
        assertThat(r.code()).contains("message_sent");
        assertThat(r.result()).contains("success");
        assertThat(r.requestId()).contains("123");
        assertThat(r.message()).isEmpty();
    }

    @Test
    void decodesAResponseOnceAndHandsOutTheSameInstance() {
        HttpResponse response = response("{\"code\":\"message_delivered\"}");
        ServiceReply first = ServiceReply.of(response);
        assertThat(ServiceReply.of(response)).isSameAs(first);
        // an equal response is another response: decoded for itself
        assertThat(ServiceReply.of(response("{\"code\":\"message_delivered\"}"))).isNotSameAs(first);
    }

    @Test
    void aBodyThatIsNotOneJsonObjectHasNoFields() {
        for (String body : new String[] {"", "[]", "\"message_sent\"", "<html>502</html>", "{\"code\":\"message_sent\""}) {
            ServiceReply r = ServiceReply.of(response(body));
            assertThat(r.isJsonObject()).as(body).isFalse();
            assertThat(r.code()).as(body).isEmpty();
            assertThat(r.requestId()).as(body).isEmpty();
        }
    }

    @Test
    void nullIsAbsentTheLastRepeatedFieldWinsAndScalarsReadAsText() {
        assertThat(ServiceReply.of(response("{\"code\":\"rate_limited\",\"code\":null}")).code()).contains("rate_limited");
        assertThat(ServiceReply.of(response("{\"code\":\"rate_limited\",\"code\":\"message_sent\"}")).code()).contains("message_sent");
        assertThat(ServiceReply.of(response("{\"code\":42}")).code()).contains("42");
        assertThat(ServiceReply.of(response("{\"data\":{\"code\":\"message_sent\"}}")).code()).isEmpty();
    }

    @Test
    void toStringLeavesOutTheMessageText() {
        ServiceReply r = ServiceReply.of(response("{\"code\":\"invalid_token\",\"message\":\"token abc.def is expired\",\"request_id\":\"r1\"}"));
        assertThat(r.message()).contains("token abc.def is expired");
        assertThat(r.toString()).contains("invalid_token", "r1").doesNotContain("abc.def");
    }

    private static final String BASIC = "Basic " + java.util.Base64.getEncoder().encodeToString(
            "key-1:s3cret-9f8e7d".getBytes(java.nio.charset.StandardCharsets.UTF_8));

    private static HttpRequest sentWith(String name, String value) {
        return HttpRequest.builder().method("POST").uri(java.net.URI.create("http://127.0.0.1:1/x")).header(name, value).build();
    }

    @Test
    void redactEchoesScrubsEveryFormOfABasicCredentialFromEveryField() {
        String b64 = BASIC.substring("Basic ".length());
        HttpResponse r = response("{\"code\":\"x " + BASIC + "\",\"request_id\":\"" + b64 + "\",\"result\":\"key-1:s3cret-9f8e7d\","
                + "\"message\":\"secret s3cret-9f8e7d\"}");

        ServiceReply.redactEchoes(r, sentWith("Authorization", BASIC));

        ServiceReply reply = ServiceReply.of(r);
        assertThat(reply.code()).contains("x <redacted>");
        assertThat(reply.requestId()).contains("<redacted>");
        assertThat(reply.result()).contains("<redacted>");
        assertThat(reply.message()).contains("secret <redacted>");
    }

    @Test
    void redactEchoesAlsoScrubsAReplyDecodedBeforeIt() {
        String token = "006tokenValue-0123456789";
        HttpResponse r = response("{\"code\":\"message_sent\",\"request_id\":\"" + token + "\"}");
        assertThat(ServiceReply.of(r).requestId()).contains(token);

        ServiceReply.redactEchoes(r, sentWith("x-ar-token", token));

        assertThat(ServiceReply.of(r).requestId()).contains("<redacted>");
        assertThat(ServiceReply.of(r).code()).contains("message_sent");
    }

    @Test
    void aReplyThatEchoesNothingIsKeptAsDecoded() {
        HttpResponse r = response("{\"code\":\"message_sent\",\"request_id\":\"r-1\"}");
        ServiceReply before = ServiceReply.of(r);

        ServiceReply.redactEchoes(r, sentWith("Authorization", BASIC));

        assertThat(ServiceReply.of(r)).isSameAs(before);
    }
}
