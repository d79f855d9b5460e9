package io.rtm.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtm.auth.token.RtmTokenVerifier;
import io.rtm.emulator.AckMode;
import io.rtm.emulator.EmulatorApp;
import io.rtm.emulator.Faults;
import io.rtm.emulator.Receiver;
import io.rtm.emulator.RtmEmulator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI contract against a real emulator over loopback: the output line, every exit code, the environment. */
class CliTest {

    private static final String SECRET = "SUPERSECRETvalue123";
    private static final EmulatorApp APP = new EmulatorApp("0123456789abcdef0123456789abcdef", "cli-key", SECRET,
            "fedcba9876543210fedcba9876543210");
    private static RtmEmulator emulator;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void start() {
        emulator = RtmEmulator.builder().app(APP).ackMode(AckMode.MANUAL).ackTimeout(Duration.ofMillis(300)).start();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @BeforeEach
    void reset() {
        emulator.reset();
        emulator.faults(APP.appId(), Faults.none());
    }

    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("RTM_ENDPOINT", emulator.baseUri().toString());
        env.put("RTM_APP_ID", APP.appId());
        env.put("RTM_API_KEY", APP.apiKey());
        env.put("RTM_API_SECRET", SECRET);
        return env;
    }

    private int run(Map<String, String> env, String... args) {
        return new RtmCli(env, new PrintWriter(out), new PrintWriter(err)).run(args);
    }

    private List<String> outLines() {
        return out.toString().lines().toList();
    }

    private void assertOneErrorLine() {
        List<String> lines = err.toString().lines().toList();
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).startsWith("error: ").doesNotContain(SECRET);
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void sendPeerPrintsExactlyOneJsonLineAndExits0() {
        int code = run(env(), "send-peer", "--from", "alice", "--to", "bob", "--payload", "hi");
        assertThat(code).isEqualTo(0);
        assertThat(outLines()).singleElement().asString()
                .matches("\\{\"http_status\":200,\"result\":\"success\",\"code\":\"message_sent\",\"request_id\":\"[^\"]+\",\"attempts\":1}");
        assertThat(err.toString()).isEmpty();
        assertThat(emulator.accepted(APP.appId())).singleElement().satisfies(m -> {
            assertThat(m.from()).isEqualTo("alice");
            assertThat(m.to()).isEqualTo("bob");
            assertThat(m.payload()).isEqualTo("hi");
        });
    }

    @Test
    void offlineReceiverIsExit0WithTheServicesCodeAndNullResult() {
        int code = run(env(), "send-peer", "--from", "alice", "--to", "erin", "--payload", "hi", "--wait-for-ack", "--offline");
        assertThat(code).isEqualTo(0);
        assertThat(outLines()).singleElement().asString()
                .matches("\\{\"http_status\":200,\"result\":null,\"code\":\"message_offline\",\"request_id\":\"[^\"]+\",\"attempts\":1}");
        assertThat(emulator.stored(APP.appId(), "erin")).hasSize(1);
    }

    @Test
    void sendChannelPrintsOneJsonLine() {
        int code = run(env(), "send-channel", "--from", "alice", "--channel", "lobby", "--payload", "hi", "--history");
        assertThat(code).isEqualTo(0);
        assertThat(outLines()).singleElement().asString().startsWith("{\"http_status\":200,\"result\":\"success\",\"code\":\"message_sent\"");
        assertThat(emulator.history(APP.appId())).hasSize(1);
    }

    @Test
    void everyConnectionOptionComesFromTheEnvironmentAndTheCommandLineWins() {
        Map<String, String> env = env();
        env.put("RTM_APP_ID", "ffffffffffffffffffffffffffffffff"); // unknown app
        assertThat(run(env, "send-peer", "--from", "a", "--to", "b", "--payload", "x", "--max-attempts", "1")).isEqualTo(2);
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        assertThat(run(env, "send-peer", "--app-id", APP.appId(), "--from", "a", "--to", "b", "--payload", "x")).isEqualTo(0);
    }

    @Test
    void tokenCredentialsFromTheEnvironment() {
        Map<String, String> env = env();
        env.remove("RTM_API_KEY");
        env.remove("RTM_API_SECRET");
        env.put("RTM_UID", "alice");
        env.put("RTM_TOKEN", io.rtm.auth.token.RtmTokenBuilder.buildToken(APP.appId(), APP.appCertificate(), "alice",
                Instant.now().plusSeconds(600).getEpochSecond()));
        assertThat(run(env, "send-peer", "--from", "alice", "--to", "bob", "--payload", "x")).isEqualTo(0);
    }

    @Test
    void invalidInputIsExit2BeforeAnythingIsSent() {
        assertThat(run(env(), "send-peer", "--from", "alice", "--to", "bad/user", "--payload", "x")).isEqualTo(2);
        assertOneErrorLine();
        assertThat(err.toString()).contains("destination", "allowed_characters");
        assertThat(emulator.stats(APP.appId()).requests()).isZero();
    }

    @Test
    void usageErrorIsExit2() {
        assertThat(run(env(), "send-peer", "--to", "bob", "--payload", "x")).isEqualTo(2);
        assertOneErrorLine();
        assertThat(err.toString()).contains("--from");
    }

    @Test
    void missingCredentialsIsExit2NamingTheVariables() {
        Map<String, String> env = env();
        env.remove("RTM_API_SECRET");
        assertThat(run(env, "send-peer", "--from", "a", "--to", "b", "--payload", "x")).isEqualTo(2);
        assertOneErrorLine();
        assertThat(err.toString()).contains("RTM_API_SECRET");
    }

    @Test
    void wrongSecretIsExit3AndTheSecretIsNeverPrinted() {
        assertThat(run(env(), "send-peer", "--api-secret", "WRONGsecret987", "--from", "a", "--to", "b", "--payload", "x")).isEqualTo(3);
        assertOneErrorLine();
        assertThat(err.toString()).contains("401").doesNotContain("WRONGsecret987");
    }

    @Test
    void tokenThatCannotSendAsThatUserIsExit3BeforeSending() {
        String token = io.rtm.auth.token.RtmTokenBuilder.buildToken(APP.appId(), APP.appCertificate(), "alice",
                Instant.now().plusSeconds(600).getEpochSecond());
        Map<String, String> env = env();
        env.remove("RTM_API_KEY");
        env.remove("RTM_API_SECRET");
        assertThat(run(env, "send-peer", "--token", token, "--uid", "alice", "--from", "mallory", "--to", "b", "--payload", "x"))
                .isEqualTo(3);
        assertOneErrorLine();
        assertThat(err.toString()).contains("uid_mismatch").doesNotContain(token);
        assertThat(emulator.stats(APP.appId()).requests()).isZero();
    }

    @Test
    void rateLimitedIsExit4() {
        try (RtmEmulator strict = RtmEmulator.builder().app(APP).rateLimitPerSecond(1).start()) {
            Map<String, String> env = env();
            env.put("RTM_ENDPOINT", strict.baseUri().toString());
            assertThat(run(env, "send-peer", "--from", "a", "--to", "b", "--payload", "x")).isEqualTo(0);
            // a second CLI run is a second client: its own limiter can't know, the service answers 429
            assertThat(run(env, "send-peer", "--max-attempts", "1", "--from", "a", "--to", "b", "--payload", "x")).isEqualTo(4);
            assertThat(err.toString()).startsWith("error: ").contains("429");
        }
    }

    @Test
    void timeoutIsExit5() {
        try (Receiver bob = emulator.connect(APP.appId(), "bob")) { // online, never acks (MANUAL): 408 ack_timeout
            assertThat(run(env(), "send-peer", "--max-attempts", "1", "--from", "a", "--to", "bob", "--payload", "x", "--wait-for-ack"))
                    .isEqualTo(5);
            assertOneErrorLine();
            assertThat(err.toString()).contains("408");
        }
    }

    @Test
    void serverErrorIsExit6() {
        emulator.faults(APP.appId(), Faults.builder().errorProbability(1.0).seed(1).build());
        assertThat(run(env(), "send-peer", "--max-attempts", "1", "--from", "a", "--to", "b", "--payload", "x")).isEqualTo(6);
        assertOneErrorLine();
        assertThat(err.toString()).contains("500");
    }

    @Test
    void networkFailureIsExit7() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Map<String, String> env = env();
        env.put("RTM_ENDPOINT", "http://127.0.0.1:" + closedPort);
        assertThat(run(env, "send-peer", "--max-attempts", "1", "--from", "a", "--to", "b", "--payload", "x")).isEqualTo(7);
        assertOneErrorLine();
    }

    @Test
    void bulkSendToAFileOfUsersPrintsASummaryLine(@TempDir Path dir) throws Exception {
        Path users = dir.resolve("users.txt");
        List<String> lines = new ArrayList<>(List.of("# subscribers", ""));
        for (int i = 0; i < 50; i++) {
            lines.add("user-" + i);
        }
        lines.add("bad/user");
        Files.write(users, lines);
        int code = run(env(), "send-peer", "--from", "news", "--to-file", users.toString(), "--payload", "hello");
        assertThat(code).isEqualTo(8);
        assertThat(outLines()).singleElement().asString().matches(
                "\\{\"total\":51,\"sent\":50,\"delivered\":0,\"offline\":0,\"unknown\":0,\"failed\":1,\"failures\":\\{\"invalid_input\":1},\"elapsed_ms\":\\d+}");
        assertThat(emulator.accepted(APP.appId())).hasSize(50);
    }

    @Test
    void tokenCommandPrintsAVerifiableToken() {
        Map<String, String> env = Map.of("RTM_APP_ID", APP.appId(), "RTM_APP_CERTIFICATE", APP.appCertificate());
        assertThat(run(env, "token", "--user", "alice", "--expire-seconds", "600")).isEqualTo(0);
        String token = outLines().get(0);
        assertThat(RtmTokenVerifier.verify(token, APP.appId(), APP.appCertificate(), "alice", Instant.now())).isNotNull();
        assertThat(outLines()).hasSize(1);
    }

    @Test
    void tokenCommandRejectsABadCertificateWithoutEchoingIt() {
        assertThat(run(Map.of(), "token", "--app-id", APP.appId(), "--app-certificate", "not-hex-SECRETISH", "--user", "alice")).isEqualTo(2);
        assertOneErrorLine();
        assertThat(err.toString()).doesNotContain("not-hex-SECRETISH");
    }
}
