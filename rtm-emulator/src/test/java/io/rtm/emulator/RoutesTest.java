package io.rtm.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The emulator's routes: one per operation, each documented in the module's README. */
class RoutesTest {

    static List<Route> routes() {
        Settings settings = new Settings(Clock.systemUTC(), System::nanoTime, 500, 100, 10, 0, AckMode.AUTO,
                Duration.ofSeconds(10), RtmEmulator.Builder.MIN_BODY_BYTES, Duration.ofSeconds(15), 10);
        return new EmulatorHandler(Map.of(), settings, null, null).routes();
    }

    @Test
    void everyOperationHasOneRoute() {
        assertThat(routes()).extracting(Route::toString).containsExactly(
                "POST /dev/v2/project/{appid}/rtm/users/{user_id}/peer_messages",
                "POST /dev/v2/project/{appid}/rtm/users/{user_id}/channel_messages",
                "POST /dev/v2/project/{appid}/rtm/message/history/query",
                "GET /dev/v2/project/{appid}/rtm/message/history/query/{handle}",
                "GET /dev/v2/project/{appid}/rtm/message/history/count",
                "GET /dev/v2/project/{appid}/rtm/vendor/user_events",
                "GET /dev/v2/project/{appid}/rtm/vendor/channel_events",
                "GET /emulator/v1/apps/{appid}/users/{user_id}/events",
                "POST /emulator/v1/apps/{appid}/users/{user_id}/acks");
    }

    @Test
    void theReadmeDocumentsEveryRoute() throws IOException {
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);

        for (Route r : routes()) {
            assertThat(readme).as("README.md documents %s", r).contains("`" + r.method + " " + r.template);
        }
    }

    @Test
    void aTemplateCapturesWholeRawSegments() {
        Route r = new Route("GET", "/a/{x}/b/{y}", (ex, p) -> { });

        assertThat(r.matches("/a/1%2F2/b/".split("/", -1))).isTrue();
        assertThat(r.matches("/a/1/c/2".split("/", -1))).isFalse();
        assertThat(r.matches("/a/1/b/2/".split("/", -1))).as("a trailing slash is one more segment").isFalse();
    }
}
