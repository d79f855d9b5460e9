package io.rtm.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtm.core.ChannelMessage;
import io.rtm.core.Credentials;
import io.rtm.core.DeliveryCode;
import io.rtm.core.PeerMessage;
import io.rtm.core.RetryPolicy;
import io.rtm.core.Rtm;
import io.rtm.core.RtmClient;
import io.rtm.core.SendResult;
import io.rtm.core.error.RtmAuthenticationException;
import io.rtm.core.error.RtmCredentialsException;
import io.rtm.core.error.RtmBadRequestException;
import io.rtm.core.error.RtmException;
import io.rtm.core.error.RtmRateLimitedException;
import io.rtm.core.error.RtmServerException;
import io.rtm.core.error.RtmServiceTimeoutException;
import io.rtm.core.error.RtmUnexpectedResponseException;
import io.rtm.core.error.RtmValidationException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The assembled SDK (discovered HttpClient 5 transport, rtm-validation, rtm-auth) against a real recording
 * HTTP server on loopback: what arrives on the wire, byte for byte.
 */
class WireExactnessTest {

    private static final String APP_ID = "0123456789abcdef0123456789abcdef";
    private static final ObjectMapper JSON = new ObjectMapper();

    private RecordingServer server;
    private RtmClient rtm;

    @BeforeEach
    void start() throws IOException {
        server = new RecordingServer();
        rtm = client(Credentials.basic("key-1", "s3cr3t"), RetryPolicy.none());
    }

    @AfterEach
    void stop() {
        rtm.close();
        server.close();
    }

    private RtmClient client(Credentials credentials, RetryPolicy policy) {
        return Rtm.builder().endpoint(server.endpoint()).appId(APP_ID).credentials(credentials).retryPolicy(policy)
                .responseTimeout(Duration.ofSeconds(5)).callTimeout(Duration.ofSeconds(10)).build();
    }

    static List<String> validIds() throws IOException {
        return strings("valid");
    }

    static List<String> invalidIds() throws IOException {
        return strings("invalid");
    }

    static List<String> invalidInUrl() throws IOException {
        return strings("invalid_in_url");
    }

    private static List<String> strings(String key) throws IOException {
        try (InputStream in = WireExactnessTest.class.getResourceAsStream("/vectors/ids.json")) {
            List<String> out = new ArrayList<>();
            JSON.readTree(in).get(key).forEach(n -> out.add(n.asText()));
            return out;
        }
    }

    private static String peerBody(String to, boolean offline, boolean history, String payloadJson) {
        return "{\"destination\":" + quote(to) + ",\"enable_offline_messaging\":" + offline
                + ",\"enable_historical_messaging\":" + history + ",\"payload\":" + payloadJson + "}";
    }

    private static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest
    @MethodSource("validIds")
    void validIdAsSenderArrivesAsOneSegmentDecodedOnceExactly(String id) throws Exception {
        rtm.sendPeer(PeerMessage.builder().from(id).to("bob").payload("hi").build());

        RecordingServer.Recorded r = server.take();
        String prefix = "/dev/v2/project/" + APP_ID + "/rtm/users/";
        String suffix = "/peer_messages";
        assertThat(r.rawPath()).startsWith(prefix).endsWith(suffix);
        String rawSegment = r.rawPath().substring(prefix.length(), r.rawPath().length() - suffix.length());
        assertThat(rawSegment).doesNotContain("/", " ", "+", "#", "?");
        assertThat(r.decodedPath()).isEqualTo(prefix + id + suffix);
        assertThat(percentDecode(rawSegment)).isEqualTo(id);
    }

    @ParameterizedTest
    @MethodSource("validIds")
    void validIdAsDestinationArrivesByteExactInTheBody(String id) throws Exception {
        rtm.sendPeer(PeerMessage.builder().from("alice").to(id).payload("hi").build());

        RecordingServer.Recorded r = server.take();
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(peerBody(id, false, false, "\"hi\""));
        assertThat(JSON.readTree(r.body()).get("destination").asText()).isEqualTo(id);
    }

    @ParameterizedTest
    @MethodSource("validIds")
    void validIdAsChannelNameArrivesByteExact(String id) throws Exception {
        rtm.sendChannel(ChannelMessage.builder().from("alice").channel(id).payload("hi").build());

        RecordingServer.Recorded r = server.take();
        assertThat(r.rawPath()).isEqualTo("/dev/v2/project/" + APP_ID + "/rtm/users/alice/channel_messages");
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(
                "{\"channel_name\":" + quote(id) + ",\"enable_historical_messaging\":false,\"payload\":\"hi\"}");
    }

    @ParameterizedTest
    @MethodSource("invalidIds")
    void invalidIdIsRejectedBeforeSendingAsSenderDestinationAndChannel(String id) {
        assertThatThrownBy(() -> rtm.sendPeer(PeerMessage.builder().from(id).to("bob").payload("x").build()))
                .isInstanceOfSatisfying(RtmValidationException.class, e -> {
                    assertThat(e.attempts()).isZero();
                    assertThat(e.violations()).anySatisfy(v -> assertThat(v.field()).isEqualTo("user_id"));
                });
        assertThatThrownBy(() -> rtm.sendPeer(PeerMessage.builder().from("alice").to(id).payload("x").build()))
                .isInstanceOfSatisfying(RtmValidationException.class,
                        e -> assertThat(e.violations()).anySatisfy(v -> assertThat(v.field()).isEqualTo("destination")));
        assertThatThrownBy(() -> rtm.sendChannel(ChannelMessage.builder().from("alice").channel(id).payload("x").build()))
                .isInstanceOfSatisfying(RtmValidationException.class,
                        e -> assertThat(e.violations()).anySatisfy(v -> assertThat(v.field()).isEqualTo("channel_name")));
        assertThat(server.received()).isZero();
    }

    @ParameterizedTest
    @MethodSource("invalidInUrl")
    void idWithEdgeSpaceIsRefusedAsSenderButSentAsDestination(String id) throws Exception {
        assertThatThrownBy(() -> rtm.sendPeer(PeerMessage.builder().from(id).to("bob").payload("x").build()))
                .isInstanceOf(RtmValidationException.class);
        assertThat(server.received()).isZero();

        rtm.sendPeer(PeerMessage.builder().from("alice").to(id).payload("x").build());
        assertThat(JSON.readTree(server.take().body()).get("destination").asText()).isEqualTo(id);
    }

    @Test
    void specialCharactersAreEncodedExactlyOnce() throws Exception {
        rtm.sendPeer(PeerMessage.builder().from("a b+c%d#e?f").to("bob").payload("x").build());
        assertThat(server.take().rawPath()).isEqualTo("/dev/v2/project/" + APP_ID + "/rtm/users/a%20b%2Bc%25d%23e%3Ff/peer_messages");
    }

    @ParameterizedTest
    @ValueSource(strings = {".", ".."})
    void dotSegmentIdsAreNotNormalizedAway(String id) throws Exception {
        rtm.sendPeer(PeerMessage.builder().from(id).to("bob").payload("x").build());
        RecordingServer.Recorded r = server.take();
        assertThat(r.rawPath()).isEqualTo("/dev/v2/project/" + APP_ID + "/rtm/users/" + "%2E".repeat(id.length()) + "/peer_messages");
        assertThat(percentDecode(r.rawPath().split("/")[7])).isEqualTo(id);
    }

    @Test
    void headersAreExactForBasicAuth() throws Exception {
        rtm.sendPeer(PeerMessage.builder().from("alice").to("bob").payload("x").build());
        RecordingServer.Recorded r = server.take();
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.header("Content-Type")).containsExactly("application/json;charset=utf-8");
        assertThat(r.header("Authorization")).containsExactly(
                "Basic " + Base64.getEncoder().encodeToString("key-1:s3cr3t".getBytes(StandardCharsets.UTF_8)));
        assertThat(r.header("Authorization")).containsExactly("Basic a2V5LTE6czNjcjN0");
        assertThat(r.header("x-ar-token")).isEmpty();
        assertThat(r.header("User-Agent")).singleElement().asString().matches("rtm-java/\\S+ \\(Java [^;]+; [^)]+\\)");
    }

    @Test
    void tokenAuthSendsTokenAndUidHeaders() throws Exception {
        try (RtmClient token = client(Credentials.token("alice", "006tokenvalue"), RetryPolicy.none())) {
            token.sendPeer(PeerMessage.builder().from("alice").to("bob").payload("x").build());
        }
        RecordingServer.Recorded r = server.take();
        assertThat(r.header("x-ar-token")).containsExactly("006tokenvalue");
        assertThat(r.header("x-ar-uid")).containsExactly("alice");
        assertThat(r.header("Authorization")).isEmpty();
    }

    @Test
    void tokenAuthAsAnotherUserFailsBeforeSending() {
        try (RtmClient token = client(Credentials.token("alice", "006tokenvalue"), RetryPolicy.none())) {
            assertThatThrownBy(() -> token.sendPeer(PeerMessage.builder().from("mallory").to("bob").payload("x").build()))
                    .isInstanceOfSatisfying(RtmCredentialsException.class, e -> {
                        assertThat(e.code()).contains("uid_mismatch");
                        assertThat(e.attempts()).isZero();
                        assertThat(e.getMessage()).doesNotContain("006tokenvalue");
                    });
        }
        assertThat(server.received()).isZero();
    }

    @Test
    void waitForAckQueryOnlyWhenAsked() throws Exception {
        rtm.sendPeer(PeerMessage.builder().from("alice").to("bob").payload("x").build());
        assertThat(server.take().rawQuery()).isNull();
        rtm.sendPeer(PeerMessage.builder().from("alice").to("bob").payload("x").waitForAck(true).build());
        assertThat(server.take().rawQuery()).isEqualTo("wait_for_ack=true");
    }

    @Test
    void peerBodyHasExactFieldsAndTypesWithBooleansAlwaysPresent() throws Exception {
        rtm.sendPeer(PeerMessage.builder().from("alice").to("bob").payload("héllo \"😀\"\n").offline(true).history(true).build());
        RecordingServer.Recorded r = server.take();
        assertThat(r.body()).isEqualTo(peerBody("bob", true, true, "\"héllo \\\"😀\\\"\\n\"").getBytes(StandardCharsets.UTF_8));
        JsonNode n = JSON.readTree(r.body());
        assertThat(n.get("enable_offline_messaging").isBoolean()).isTrue();
        assertThat(n.get("payload").asText()).isEqualTo("héllo \"😀\"\n");
    }

    @Test
    void largestValidPayloadArrivesWhole() throws Exception {
        String payload = "é".repeat(16_384);
        rtm.sendPeer(PeerMessage.builder().from("alice").to("bob").payload(payload).build());
        assertThat(JSON.readTree(server.take().body()).get("payload").asText()).isEqualTo(payload);
    }

    static Stream<Object[]> publishedReplies() {
        return Stream.of(
                new Object[] {"{\"code\": \"message_sent\", \"result\": \"success\", \"request_id\": \"123\"}", DeliveryCode.SENT, "message_sent", "success"},
                new Object[] {"{\"code\": \"message_delivered\", \"result\": \"success\", \"request_id\": \"123\"}", DeliveryCode.DELIVERED, "message_delivered", "success"},
                new Object[] {"{\"code\": \"message_offline\", \"request_id\": \"123\"}", DeliveryCode.OFFLINE, "message_offline", null},
                new Object[] {"{\"code\": \"message sent\", \"request_id\": \"123\", \"result\": \"success\"}", DeliveryCode.SENT, "message sent", "success"},
                new Object[] {"{\"code\": \"message_queued\", \"request_id\": \"123\", \"result\": \"success\", \"extra\": {\"a\": [1]}}", DeliveryCode.UNKNOWN, "message_queued", "success"});
    }

    @ParameterizedTest
    @MethodSource("publishedReplies")
    void readsEveryPublishedReply(String body, DeliveryCode code, String raw, String result) {
        server.enqueue(RecordingServer.Answer.json(200, body));
        SendResult r = rtm.sendPeer(PeerMessage.builder().from("alice").to("bob").payload("x").build());
        assertThat(r.httpStatus()).isEqualTo(200);
        assertThat(r.deliveryCode()).isEqualTo(code);
        assertThat(r.code()).isEqualTo(raw);
        assertThat(r.result().orElse(null)).isEqualTo(result);
        assertThat(r.requestId()).contains("123");
        assertThat(r.attempts()).isEqualTo(1);
    }

    static Stream<Object[]> errorReplies() {
        String body = "{\"result\":\"failed\",\"code\":\"%s\",\"request_id\":\"rq\",\"message\":\"because\"}";
        return Stream.of(
                new Object[] {400, String.format(body, "invalid_parameter"), RtmBadRequestException.class, "invalid_parameter"},
                new Object[] {401, String.format(body, "invalid_credentials"), RtmAuthenticationException.class, "invalid_credentials"},
                new Object[] {408, String.format(body, "timeout"), RtmServiceTimeoutException.class, "timeout"},
                new Object[] {429, String.format(body, "rate_limited"), RtmRateLimitedException.class, "rate_limited"},
                new Object[] {500, String.format(body, "internal_error"), RtmServerException.class, "internal_error"},
                new Object[] {500, "", RtmServerException.class, null},
                new Object[] {502, "<html>bad gateway</html>", RtmServerException.class, null},
                new Object[] {401, "{\"unexpected\":true}", RtmAuthenticationException.class, null},
                new Object[] {302, "", RtmUnexpectedResponseException.class, null});
    }

    @ParameterizedTest
    @MethodSource("errorReplies")
    void errorStatusesBecomeTypedExceptionsWithStatusCodeAndRequestId(int status, String body, Class<? extends RtmException> type, String code) {
        server.enqueue(new RecordingServer.Answer(status, Map.of("Retry-After", "1"), body.getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> rtm.sendPeer(PeerMessage.builder().from("alice").to("bob").payload("x").build()))
                .isInstanceOfSatisfying(type, e -> {
                    assertThat(e.httpStatus()).isEqualTo(status);
                    assertThat(e.code().orElse(null)).isEqualTo(code);
                    assertThat(e.attempts()).isEqualTo(1);
                    assertThat(e.getMessage()).contains("HTTP " + status).doesNotContain("s3cr3t", "a2V5LTE6czNjcjN0");
                    if (code != null) {
                        assertThat(e.requestId()).contains("rq");
                    }
                });
    }

    @Test
    void retriedCallsReportAttemptsAndSendTheSameBytes() throws Exception {
        try (RtmClient retrying = client(Credentials.basic("key-1", "s3cr3t"),
                RetryPolicy.builder().initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(5)).build())) {
            server.enqueue(RecordingServer.Answer.json(503, "{}"), RecordingServer.Answer.json(500, ""));
            SendResult r = retrying.sendPeer(PeerMessage.builder().from("alice").to("bob").payload("x").build());
            assertThat(r.attempts()).isEqualTo(3);
        }
        byte[] first = server.take().body();
        assertThat(server.take().body()).isEqualTo(first);
        assertThat(server.take().body()).isEqualTo(first);
    }

    private static String percentDecode(String s) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
