package io.rtm.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtm.auth.token.RtmTokenBuilder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The api secret, the App Certificate and tokens appear in no log line, toString() or response body. */
class SecretsNeverShownTest {

    @Test
    void logsAndBodiesNeverShowSecrets() {
        EmulatorApp app = EmulatorApp.generate();
        String token = RtmTokenBuilder.buildToken(app.appId(), app.appCertificate(), "alice",
                Instant.now().plusSeconds(3600).getEpochSecond());
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        StringBuilder bodies = new StringBuilder();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try (RtmEmulator emulator = RtmEmulator.builder().app(app).start(); TestHttp http = new TestHttp(emulator)) {
            String path = http.sendPath(app.appId(), "bob", "peer_messages");
            String body = "{\"destination\":\"carol\",\"payload\":\"x\"}";
            bodies.append(http.post(path, body, Map.of("x-ar-token", token, "x-ar-uid", "alice",
                    "Content-Type", TestHttp.JSON)).body());
            bodies.append(http.post(path, body, Map.of("x-ar-token", token + "x", "x-ar-uid", "bob",
                    "Content-Type", TestHttp.JSON)).body());
            bodies.append(http.post(path, body, Map.of("Authorization", "Basic " + app.apiSecret(),
                    "Content-Type", TestHttp.JSON)).body());
            bodies.append(emulator).append(app).append(emulator.stats(app.appId()));
        } finally {
            System.setErr(original);
        }
        String all = captured.toString(StandardCharsets.UTF_8) + bodies;

        assertThat(captured.toString(StandardCharsets.UTF_8)).contains("rtm-emulator listening on");
        assertThat(all).doesNotContain(app.apiSecret()).doesNotContain(app.appCertificate()).doesNotContain(token);
    }
}
