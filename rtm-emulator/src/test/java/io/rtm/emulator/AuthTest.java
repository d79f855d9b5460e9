package io.rtm.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtm.auth.token.RtmTokenBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AuthTest {

    static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    static final String BODY = "{\"destination\":\"bob\",\"payload\":\"hi\"}";

    static MutableClock clock = MutableClock.startingAt(NOW);
    static RtmEmulator emulator;
    static TestHttp http;
    static EmulatorApp app;

    @BeforeAll
    static void start() {
        emulator = RtmEmulator.builder().clock(clock).start();
        http = new TestHttp(emulator);
        app = emulator.app();
    }

    @AfterAll
    static void stop() {
        http.close();
        emulator.close();
    }

    @AfterEach
    void resetClock() {
        assertThat(emulator.unexpectedErrors()).isZero();
        clock.set(NOW);
        emulator.reset();
    }

    private TestHttp.Resp post(String user, Map<String, String> headers) {
        Map<String, String> h = new HashMap<>(headers);
        h.put("Content-Type", TestHttp.JSON);
        return http.post(http.sendPath(app.appId(), TestHttp.encode(user), "peer_messages"), BODY, h);
    }

    private String token(String account, Instant expiry) {
        return RtmTokenBuilder.buildToken(app.appId(), app.appCertificate(), account, expiry.getEpochSecond());
    }

    private static String basic(String key, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((key + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void basicCredentialsMaySendAsAnyUser() {
        assertThat(post("alice", Map.of("Authorization", basic(app.apiKey(), app.apiSecret()))).status()).isEqualTo(200);
        assertThat(post("someone else", Map.of("Authorization", basic(app.apiKey(), app.apiSecret()))).status()).isEqualTo(200);
    }

    @Test
    void noCredentialsIs401MissingCredentials() {
        TestHttp.Resp r = post("alice", Map.of());

        assertThat(r.status()).isEqualTo(401);
        assertThat(r.code()).isEqualTo("missing_credentials");
        assertThat(r.json().get("result").asText()).isEqualTo("failed");
    }

    @Test
    void tokenWithoutUidIsMissingCredentials() {
        assertThat(post("alice", Map.of("x-ar-token", token("alice", NOW.plusSeconds(3600)))).code())
                .isEqualTo("missing_credentials");
        assertThat(post("alice", Map.of("x-ar-uid", "alice")).code()).isEqualTo("missing_credentials");
    }

    @Test
    void wrongSecretIs401InvalidCredentials() {
        assertThat(post("alice", Map.of("Authorization", basic(app.apiKey(), "wrong"))).code()).isEqualTo("invalid_credentials");
        assertThat(post("alice", Map.of("Authorization", basic("other", app.apiSecret()))).code()).isEqualTo("invalid_credentials");
        assertThat(post("alice", Map.of("Authorization", "Basic !!!not-base64")).code()).isEqualTo("invalid_credentials");
        assertThat(post("alice", Map.of("Authorization", "Bearer abc")).code()).isEqualTo("invalid_credentials");
        assertThat(post("alice", Map.of("Authorization", "Basic")).status()).isEqualTo(401);
    }

    @Test
    void basicSchemeIsCaseInsensitive() {
        String credentials = basic(app.apiKey(), app.apiSecret()).substring(6);
        assertThat(post("alice", Map.of("Authorization", "basic " + credentials)).status()).isEqualTo(200);
    }

    @Test
    void errorBodiesNeverContainSecrets() {
        String token = token("alice", NOW.plusSeconds(3600));
        TestHttp.Resp wrongUser = post("bob", Map.of("x-ar-token", token, "x-ar-uid", "alice"));
        TestHttp.Resp wrongSecret = post("alice", Map.of("Authorization", basic(app.apiKey(), app.apiSecret() + "x")));

        for (TestHttp.Resp r : new TestHttp.Resp[] {wrongUser, wrongSecret}) {
            assertThat(r.body()).doesNotContain(app.apiSecret()).doesNotContain(app.appCertificate()).doesNotContain(token);
        }
    }

    @Test
    void validTokenForThePathUserIsAccepted() {
        TestHttp.Resp r = post("alice", Map.of("x-ar-token", token("alice", NOW.plusSeconds(3600)), "x-ar-uid", "alice"));

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.code()).isEqualTo("message_sent");
    }

    @Test
    void tokenWithPathUserOtherThanUidIs401UidMismatch() {
        TestHttp.Resp r = post("bob", Map.of("x-ar-token", token("alice", NOW.plusSeconds(3600)), "x-ar-uid", "alice"));

        assertThat(r.status()).isEqualTo(401);
        assertThat(r.code()).isEqualTo("uid_mismatch");
    }

    @Test
    void tokenExpiresByTheInjectedClock() {
        String token = token("alice", NOW.plus(Duration.ofDays(1)));
        assertThat(post("alice", Map.of("x-ar-token", token, "x-ar-uid", "alice")).status()).isEqualTo(200);

        clock.advance(Duration.ofDays(7));

        TestHttp.Resp r = post("alice", Map.of("x-ar-token", token, "x-ar-uid", "alice"));
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.code()).isEqualTo("token_expired");
    }

    @Test
    void tokenOfAnotherAccountIsRejectedWithTheVerifierCode() {
        TestHttp.Resp r = post("bob", Map.of("x-ar-token", token("alice", NOW.plusSeconds(3600)), "x-ar-uid", "bob"));

        assertThat(r.status()).isEqualTo(401);
        assertThat(r.code()).isEqualTo("token_uid_mismatch");
    }

    @Test
    void tokenSignedWithAnotherCertificateIsInvalidSignature() {
        String forged = RtmTokenBuilder.buildToken(app.appId(), EmulatorApp.generate().appCertificate(), "alice",
                NOW.plusSeconds(3600).getEpochSecond());

        TestHttp.Resp r = post("alice", Map.of("x-ar-token", forged, "x-ar-uid", "alice"));

        assertThat(r.status()).isEqualTo(401);
        assertThat(r.code()).isEqualTo("invalid_token_signature");
    }

    @Test
    void garbageTokenIs401InvalidToken() {
        TestHttp.Resp r = post("alice", Map.of("x-ar-token", "garbage", "x-ar-uid", "alice"));

        assertThat(r.status()).isEqualTo(401);
        assertThat(r.code()).isEqualTo("invalid_token");
    }

    @Test
    void tokenOfAnotherAppIsRejected() {
        EmulatorApp other = EmulatorApp.generate();
        String token = RtmTokenBuilder.buildToken(other.appId(), other.appCertificate(), "alice",
                NOW.plusSeconds(3600).getEpochSecond());

        TestHttp.Resp r = post("alice", Map.of("x-ar-token", token, "x-ar-uid", "alice"));

        assertThat(r.status()).isEqualTo(401);
        assertThat(r.code()).isEqualTo("token_app_id_mismatch");
    }

    @Test
    void earlyAnswersToLargeBodiesArriveIntactAndKeepTheConnectionUsable() {
        String large = "{\"destination\":\"bob\",\"payload\":\"" + "a".repeat(60_000) + "\"}";
        String huge = "{\"destination\":\"bob\",\"payload\":\"" + "a".repeat(2 << 20) + "\"}";
        String path = http.sendPath(app.appId(), "alice", "peer_messages");
        for (int i = 0; i < 20; i++) {
            assertThat(http.post(path, large, Map.of("Content-Type", TestHttp.JSON)).code()).isEqualTo("missing_credentials");
            assertThat(http.post(path, large, Map.of("Authorization", basic(app.apiKey(), app.apiSecret()),
                    "Content-Type", "text/plain")).status()).isEqualTo(415);
        }
        assertThat(http.post(path, huge, Map.of("Content-Type", TestHttp.JSON)).code()).isEqualTo("missing_credentials");
        assertThat(post("alice", Map.of("Authorization", basic(app.apiKey(), app.apiSecret()))).status()).isEqualTo(200);
    }

    @Test
    void authenticationComesBeforeBodyChecks() {
        TestHttp.Resp r = http.post(http.sendPath(app.appId(), "alice", "peer_messages"), "not json",
                Map.of("Content-Type", "text/plain"));

        assertThat(r.status()).isEqualTo(401);
    }

    @Test
    void appToStringRedactsSecretAndCertificate() {
        assertThat(app.toString()).contains(app.appId()).contains(app.apiKey())
                .doesNotContain(app.apiSecret()).doesNotContain(app.appCertificate()).contains("<redacted>");
        assertThat(emulator.toString()).doesNotContain(app.apiSecret()).doesNotContain(app.appCertificate());
    }
}
