package io.rtm.emulator.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rtm.core.ChannelMessage;
import io.rtm.core.PeerMessage;
import io.rtm.core.RtmClient;
import io.rtm.emulator.EmulatorApp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.opentest4j.AssertionFailedError;

/** The extension's history and events helpers; history answers at once under the extension (0 "in progress"). */
class ExtensionHistoryEventsTest {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final ExecutorService EXECUTOR = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "test-http");
        t.setDaemon(true);
        return t;
    });
    static final HttpClient HTTP = HttpClient.newBuilder().executor(EXECUTOR).connectTimeout(Duration.ofSeconds(5)).build();
    static final String FILTER = "{\"filter\":{\"source\":\"alice\",\"start_time\":\"2000-01-01T00:00:00Z\","
            + "\"end_time\":\"2100-01-01T00:00:00Z\"}}";

    @RegisterExtension
    static RtmEmulatorExtension rtm = RtmEmulatorExtension.builder().timeout(Duration.ofSeconds(2)).build();

    @AfterAll
    static void stop() {
        EXECUTOR.shutdownNow();
    }

    /** Creates a history query over raw HTTP and reads its handle once: the {@code code} of that read. */
    static String firstReadOfAQuery(RtmEmulatorExtension ext) throws Exception {
        EmulatorApp app = ext.app();
        String base = ext.baseUri() + "/dev/v2/project/" + app.appId();
        String basic = "Basic " + Base64.getEncoder().encodeToString((app.apiKey() + ":" + app.apiSecret())
                .getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/rtm/message/history/query"))
                .timeout(Duration.ofSeconds(5)).header("Authorization", basic)
                .header("Content-Type", "application/json;charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(FILTER)).build(), HttpResponse.BodyHandlers.ofString());
        String location = MAPPER.readTree(created.body()).get("location").asText();
        HttpResponse<String> read = HTTP.send(HttpRequest.newBuilder(URI.create(base + location.substring(1)))
                .timeout(Duration.ofSeconds(5)).header("Authorization", basic).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode json = MAPPER.readTree(read.body());
        return json.get("code").asText();
    }

    @Test
    void historyAnswersAtOnceUnderTheExtension() throws Exception {
        assertThat(firstReadOfAQuery(rtm)).isEqualTo("ok");
    }

    @Test
    void historyHoldsWhatWasSentWithHistoricalMessaging() {
        try (RtmClient client = rtm.clientBuilder().build()) {
            client.sendPeer(PeerMessage.builder().from("alice").to("bob").payload("kept").history(true).build());
            client.sendPeer(PeerMessage.builder().from("alice").to("bob").payload("not kept").build());
            client.sendChannel(ChannelMessage.builder().from("alice").channel("room").payload("also kept").history(true)
                    .build());
        }

        rtm.assertThatHistory().payloads().containsExactly("kept", "also kept");
        assertThat(rtm.history()).hasSize(2);
    }

    @Test
    void userAndChannelEventsCanBeAsserted() {
        rtm.connect("bob", "room").close();

        rtm.assertThatUserEvents().containsExactly("bob Login", "bob Logout");
        rtm.assertThatChannelEvents().containsExactly("room bob Join", "room bob Leave");
        assertThat(rtm.userEvents()).hasSize(2);
        assertThat(rtm.channelEvents()).hasSize(2);
        assertThatThrownBy(() -> rtm.assertThatUserEvents().containsExactly("bob Login"))
                .isInstanceOf(AssertionFailedError.class).hasMessageContaining("user events");
    }

    @Test
    void eventsAndHistoryAreResetBetweenTests() {
        assertThat(rtm.userEvents()).isEmpty();
        assertThat(rtm.channelEvents()).isEmpty();
        assertThat(rtm.history()).isEmpty();
    }
}
