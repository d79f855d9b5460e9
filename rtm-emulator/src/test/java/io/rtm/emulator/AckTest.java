package io.rtm.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AckTest {

    RtmEmulator emulator;
    TestHttp http;
    String appId;

    private void start(AckMode mode, Duration timeout) {
        emulator = RtmEmulator.builder().ackMode(mode).ackTimeout(timeout).start();
        http = new TestHttp(emulator);
        appId = emulator.app().appId();
    }

    @AfterEach
    void stop() {
        assertThat(emulator.unexpectedErrors()).isZero();
        http.close();
        emulator.close();
    }

    private static final String TO_BOB = "{\"destination\":\"bob\",\"payload\":\"hi\"}";

    private CompletableFuture<HttpResponse<String>> sendAsyncWaitingForAck() {
        HttpRequest req = HttpRequest.newBuilder(URI.create(emulator.baseUri()
                        + http.sendPath(appId, "alice", "peer_messages") + "?wait_for_ack=true"))
                .header("Authorization", TestHttp.basic(emulator.app())).header("Content-Type", TestHttp.JSON)
                .POST(HttpRequest.BodyPublishers.ofString(TO_BOB)).build();
        return http.client.sendAsync(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private TestHttp.Resp ack(String user, String id) {
        return http.post("/emulator/v1/apps/" + appId + "/users/" + user + "/acks", "{\"id\":\"" + id + "\"}",
                Map.of("Content-Type", "application/json"));
    }

    @Test
    void autoModeAnswersMessageDeliveredOnceWritten() {
        start(AckMode.AUTO, Duration.ofSeconds(5));
        try (Receiver bob = emulator.connect(appId, "bob")) {
            TestHttp.Resp r = http.postPeer("alice", TO_BOB, true);

            String id = r.json().get("request_id").asText();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("{\"result\":\"success\",\"code\":\"message_delivered\",\"request_id\":\"" + id + "\"}");
            assertThat(bob.messages()).hasSize(1);
        }
    }

    @Test
    void autoModeOverSseAnswersMessageDelivered() {
        start(AckMode.AUTO, Duration.ofSeconds(5));
        try (SseClient bob = new SseClient(http, emulator, appId, "bob", null)) {
            Await.until("online", () -> emulator.isOnline(appId, "bob"));

            TestHttp.Resp r = http.postPeer("alice", TO_BOB, true);

            assertThat(r.code()).isEqualTo("message_delivered");
            assertThat(bob.nextData().get("payload").asText()).isEqualTo("hi");
        }
    }

    @Test
    void offlineReceiverAnswersExactlyThePublishedOfflineForm() {
        start(AckMode.AUTO, Duration.ofSeconds(5));

        TestHttp.Resp r = http.postPeer("alice", "{\"destination\":\"bob\",\"payload\":\"hi\",\"enable_offline_messaging\":true}", true);

        String id = r.json().get("request_id").asText();
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"code\":\"message_offline\",\"request_id\":\"" + id + "\"}");
        assertThat(emulator.stored(appId, "bob")).hasSize(1);
    }

    @Test
    void waitForAckFalseAnswersMessageSentAtOnceEvenInManualMode() {
        start(AckMode.MANUAL, Duration.ofSeconds(5));
        try (Receiver bob = emulator.connect(appId, "bob")) {
            assertThat(http.postPeer("alice", TO_BOB, false).code()).isEqualTo("message_sent");
            assertThat(bob.messages()).hasSize(1);
        }
    }

    @Test
    void manualModeWaitsForThePostedAck() throws Exception {
        start(AckMode.MANUAL, Duration.ofSeconds(5));
        try (Receiver bob = emulator.connect(appId, "bob")) {
            CompletableFuture<HttpResponse<String>> call = sendAsyncWaitingForAck();
            Await.until("delivered", () -> bob.messages().size() == 1);
            String id = bob.messages().get(0).id();
            assertThat(call).isNotDone();

            assertThat(ack("carol", id).status()).as("only the receiver acks").isEqualTo(404);
            TestHttp.Resp acked = ack("bob", id);

            assertThat(acked.status()).isEqualTo(204);
            assertThat(acked.body()).isEmpty();
            HttpResponse<String> r = call.get(5, TimeUnit.SECONDS);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(TestHttp.MAPPER.readTree(r.body()).get("code").asText()).isEqualTo("message_delivered");
            assertThat(ack("bob", id).code()).as("a second ack finds nothing waiting").isEqualTo("unknown_message");
        }
    }

    @Test
    void inProcessReceiverAcks() throws Exception {
        start(AckMode.MANUAL, Duration.ofSeconds(5));
        try (Receiver bob = emulator.connect(appId, "bob")) {
            CompletableFuture<HttpResponse<String>> call = sendAsyncWaitingForAck();
            Await.until("delivered", () -> bob.messages().size() == 1);

            assertThat(bob.ack(bob.messages().get(0).id())).isTrue();

            assertThat(call.get(5, TimeUnit.SECONDS).body()).contains("\"message_delivered\"");
        }
    }

    @Test
    void ackOfUnknownIdIs404AndMalformedAckIs400() {
        start(AckMode.MANUAL, Duration.ofSeconds(5));

        TestHttp.Resp unknown = ack("bob", "nope");
        TestHttp.Resp missing = http.post("/emulator/v1/apps/" + appId + "/users/bob/acks", "{}",
                Map.of("Content-Type", "application/json"));
        TestHttp.Resp malformed = http.post("/emulator/v1/apps/" + appId + "/users/bob/acks", "{",
                Map.of("Content-Type", "application/json"));

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.code()).isEqualTo("unknown_message");
        assertThat(TestHttp.rules(missing)).containsExactly("id:required");
        assertThat(malformed.code()).isEqualTo("malformed_json");
    }

    @Test
    void noAckWithinTheTimeoutIs408AckTimeout() {
        start(AckMode.MANUAL, Duration.ofMillis(200));
        try (Receiver bob = emulator.connect(appId, "bob")) {
            TestHttp.Resp r = http.postPeer("alice", TO_BOB, true);

            assertThat(r.status()).isEqualTo(408);
            assertThat(r.code()).isEqualTo("ack_timeout");
            assertThat(r.json().get("result").asText()).isEqualTo("failed");
            assertThat(bob.ack(bob.messages().get(0).id())).as("too late").isFalse();
        }
    }
}
