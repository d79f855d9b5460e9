package io.rtm.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Bad input never reaches the catch-all; the catch-all itself answers 500 and counts. */
class RobustnessTest {

    @Test
    void randomBodiesAreAnsweredWithoutUnexpectedErrors() {
        Random random = new Random(20250601);
        String[] fragments = {"{", "}", "[", "]", "\"destination\"", "\"payload\"", "\"channel_name\"", ":", ",", "\"bob\"",
            "true", "null", "1e999", "-0", "\"\\ud800\"", "\"\\u0000\"", "\"é\"", "\"enable_offline_messaging\"", " ", "\\"};
        try (RtmEmulator emulator = RtmEmulator.builder().rateLimitPerSecond(100_000).start();
                TestHttp http = new TestHttp(emulator)) {
            for (int i = 0; i < 300; i++) {
                byte[] body;
                if (i % 3 == 0) {
                    body = new byte[random.nextInt(200)];
                    random.nextBytes(body);
                } else {
                    StringBuilder sb = new StringBuilder();
                    for (int j = random.nextInt(30); j > 0; j--) {
                        sb.append(fragments[random.nextInt(fragments.length)]);
                    }
                    body = sb.toString().getBytes(StandardCharsets.UTF_8);
                }
                String api = i % 2 == 0 ? "peer_messages" : "channel_messages";
                TestHttp.Resp r = http.send("POST", http.sendPath(emulator.app().appId(), "alice", api), body,
                        http.basicHeaders());
                assertThat(r.status()).as(new String(body, StandardCharsets.UTF_8)).isIn(200, 400);
                assertThat(r.json().has("request_id")).isTrue();
            }
            assertThat(emulator.unexpectedErrors()).isZero();
            assertThat(emulator.stats(emulator.app().appId()).status(500)).isZero();
        }
    }

    @Test
    void anUnexpectedExceptionIs500InternalErrorAndIsCounted() {
        Clock broken = new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                throw new IllegalStateException("broken clock (test)");
            }
        };
        try (RtmEmulator emulator = RtmEmulator.builder().clock(broken).start(); TestHttp http = new TestHttp(emulator)) {
            TestHttp.Resp r = http.post(http.sendPath(emulator.app().appId(), "alice", "peer_messages"),
                    "{\"destination\":\"bob\",\"payload\":\"x\"}",
                    Map.of("x-ar-token", "006" + "0".repeat(100), "x-ar-uid", "alice", "Content-Type", TestHttp.JSON));

            assertThat(r.status()).isEqualTo(500);
            assertThat(r.code()).isEqualTo("internal_error");
            assertThat(r.json().get("message").asText()).doesNotContain("broken clock");
            assertThat(emulator.unexpectedErrors()).isEqualTo(1);
        }
    }
}
