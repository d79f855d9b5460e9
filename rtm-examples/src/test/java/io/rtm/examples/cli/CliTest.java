package io.rtm.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtm.auth.token.RtmTokenBuilder;
import io.rtm.auth.token.RtmTokenVerifier;
import io.rtm.core.error.RtmClientClosedException;
import io.rtm.core.error.RtmConfigurationException;
import io.rtm.core.error.RtmCredentialsException;
import io.rtm.core.error.RtmLocalRateLimitException;
import io.rtm.core.error.RtmServiceException;
import io.rtm.core.error.RtmTimeoutException;
import io.rtm.core.error.RtmTransportException;
import io.rtm.core.error.RtmValidationException;
import io.rtm.core.Violation;
import io.rtm.emulator.AckMode;
import io.rtm.emulator.EmulatorApp;
import io.rtm.emulator.Faults;
import io.rtm.emulator.Receiver;
import io.rtm.emulator.RtmEmulator;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The CLI contract against a real emulator over loopback: the output line, every exit code, the environment, errors. */
class CliTest {

    static final String SECRET = "SUPERSECRETvalue123";
    static final EmulatorApp APP = new EmulatorApp("0123456789abcdef0123456789abcdef", "cli-key", SECRET,
            "fedcba9876543210fedcba9876543210");
    private static RtmEmulator emulator;

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

    static Map<String, String> env(RtmEmulator emulator) {
        Map<String, String> env = new HashMap<>();
        env.put("RTM_ENDPOINT", emulator.baseUri().toString());
        env.put("RTM_APP_ID", APP.appId());
        env.put("RTM_API_KEY", APP.apiKey());
        env.put("RTM_API_SECRET", SECRET);
        return env;
    }

    private Map<String, String> env() {
        return env(emulator);
    }

    /** Exactly one line on stderr, starting with "error: ", no secret, nothing on stdout; returns it. */
    static String oneErrorLine(CliRun run) {
        assertThat(run.errLines()).hasSize(1);
        assertThat(run.out()).isEmpty();
        String line = run.errLines().get(0);
        assertThat(line).startsWith("error: ").doesNotContain(SECRET);
        return line;
    }

    @Test
    void sendPeerPrintsExactlyOneJsonLineAndExits0() {
        CliRun run = new CliRun(env());
        assertThat(run.run("send-peer", "--from", "alice", "--to", "bob", "--payload", "hi")).isEqualTo(0);
        assertThat(run.outLines()).singleElement().asString()
                .matches("\\{\"http_status\":200,\"result\":\"success\",\"code\":\"message_sent\",\"request_id\":\"[^\"]+\",\"attempts\":1}");
        assertThat(run.err()).isEmpty();
        assertThat(emulator.accepted(APP.appId())).singleElement().satisfies(m -> {
            assertThat(m.from()).isEqualTo("alice");
            assertThat(m.to()).isEqualTo("bob");
            assertThat(m.payload()).isEqualTo("hi");
        });
    }

    @Test
    void offlineReplyPrintsEveryFieldWithAnEmptyResultNeverNull() {
        CliRun run = new CliRun(env());
        assertThat(run.run("send-peer", "--from", "alice", "--to", "erin", "--payload", "hi", "--wait-for-ack", "--offline")).isEqualTo(0);
        assertThat(run.outLines()).singleElement().asString()
                .matches("\\{\"http_status\":200,\"result\":\"\",\"code\":\"message_offline\",\"request_id\":\"[^\"]+\",\"attempts\":1}")
                .doesNotContain("null");
        assertThat(emulator.stored(APP.appId(), "erin")).hasSize(1);
    }

    @Test
    void sendChannelPrintsOneJsonLine() {
        CliRun run = new CliRun(env());
        assertThat(run.run("send-channel", "--from", "alice", "--channel", "lobby", "--payload", "hi", "--history")).isEqualTo(0);
        assertThat(run.outLines()).singleElement().asString().startsWith("{\"http_status\":200,\"result\":\"success\",\"code\":\"message_sent\"");
        assertThat(emulator.history(APP.appId())).hasSize(1);
    }

    @Test
    void everyConnectionOptionComesFromTheEnvironmentAndTheCommandLineWins() {
        Map<String, String> env = env();
        env.put("RTM_API_SECRET", "WRONGsecret987");
        assertThat(new CliRun(env).run("send-peer", "--from", "a", "--to", "b", "--payload", "x", "--max-attempts", "1")).isEqualTo(3);
        assertThat(new CliRun(env).run("send-peer", "--api-secret", SECRET, "--from", "a", "--to", "b", "--payload", "x")).isEqualTo(0);
    }

    @Test
    void tokenCredentialsFromTheEnvironment() {
        Map<String, String> env = env();
        env.remove("RTM_API_KEY");
        env.remove("RTM_API_SECRET");
        env.put("RTM_UID", "alice");
        env.put("RTM_TOKEN", RtmTokenBuilder.buildToken(APP.appId(), APP.appCertificate(), "alice",
                Instant.now().plusSeconds(600).getEpochSecond()));
        assertThat(new CliRun(env).run("send-peer", "--from", "alice", "--to", "bob", "--payload", "x")).isEqualTo(0);
    }

    @Test
    void invalidInputIsExit2BeforeAnythingIsSent() {
        CliRun run = new CliRun(env());
        assertThat(run.run("send-peer", "--from", "alice", "--to", "bad/user", "--payload", "x")).isEqualTo(2);
        assertThat(oneErrorLine(run)).contains("destination", "allowed_characters");
        assertThat(emulator.stats(APP.appId()).requests()).isZero();
    }

    @Test
    void missingRequiredOptionIsExit2PointingToTheCommandsHelp() {
        CliRun run = new CliRun(env());
        assertThat(run.run("send-peer", "--to", "bob", "--payload", "x")).isEqualTo(2);
        assertThat(oneErrorLine(run)).isEqualTo("error: Missing required option: '--from=USER' (see: rtm send-peer --help)");
    }

    @Test
    void missingRecipientSaysErrorOnceNotErrorError() {
        CliRun run = new CliRun(env());
        assertThat(run.run("send-peer", "--from", "alice", "--payload", "x")).isEqualTo(2);
        assertThat(oneErrorLine(run)).isEqualTo(
                "error: Missing required argument (specify one of these): (--to=USER | --to-file=FILE) (see: rtm send-peer --help)");
    }

    @Test
    void unknownOptionIsReportedBeforeTheRequiredOptionItMisspellsWithASuggestion() {
        CliRun run = new CliRun(env());
        assertThat(run.run("send-peer", "--form", "alice", "--to", "bob", "--payload", "x")).isEqualTo(2);
        assertThat(oneErrorLine(run)).isEqualTo(
                "error: Unknown options: '--form', 'alice' (did you mean --from?) (see: rtm send-peer --help)");
        assertThat(emulator.stats(APP.appId()).requests()).isZero();
    }

    @Test
    void unknownOptionWithAnAttachedValueSuggestsTheOption() {
        CliRun run = new CliRun(env());
        assertThat(run.run("send-peer", "--from", "alice", "--to", "bob", "--paylaod=x")).isEqualTo(2);
        assertThat(oneErrorLine(run)).isEqualTo(
                "error: Unknown option: '--paylaod=x' (did you mean --payload?) (see: rtm send-peer --help)");
    }

    @Test
    void anUnknownOptionFarFromEveryOptionGetsNoSuggestion() {
        CliRun run = new CliRun(env());
        assertThat(run.run("send-peer", "--from", "alice", "--to", "bob", "--payload", "x", "--x")).isEqualTo(2);
        assertThat(oneErrorLine(run)).isEqualTo("error: Unknown option: '--x' (see: rtm send-peer --help)");
    }

    @Test
    void receiverPathSegmentsArePercentEncodedOnceAsUtf8() {
        assertThat(EventStreamClient.segment("a b/c%é~_.-")).isEqualTo("a%20b%2Fc%25%C3%A9~_.-");
    }

    @Test
    void unknownCommandSuggestsTheClosestOnes() {
        CliRun run = new CliRun(env());
        assertThat(run.run("sned-peer")).isEqualTo(2);
        assertThat(oneErrorLine(run)).isEqualTo(
                "error: Unmatched argument at index 0: 'sned-peer' (did you mean send-peer or send-channel?) (see: rtm --help)");
    }

    @Test
    void noCommandIsExit2ListingTheCommands() {
        CliRun run = new CliRun(env());
        assertThat(run.run()).isEqualTo(2);
        assertThat(oneErrorLine(run)).isEqualTo(
                "error: a command is required: one of help, demo, send-peer, send-channel, history, history-count, events, "
                        + "emulator, listen, token (see: rtm --help)");
    }

    @Test
    void missingCredentialsIsExit2NamingTheVariables() {
        Map<String, String> env = env();
        env.remove("RTM_API_SECRET");
        CliRun run = new CliRun(env);
        assertThat(run.run("send-peer", "--from", "a", "--to", "b", "--payload", "x")).isEqualTo(2);
        assertThat(oneErrorLine(run)).isEqualTo("error: Basic auth needs both --api-key (RTM_API_KEY) and --api-secret "
                + "(RTM_API_SECRET) (see: rtm send-peer --help)");
    }

    @Test
    void apiKeyWithAColonIsExit2SayingWhy() {
        CliRun run = new CliRun(env());
        assertThat(run.run("send-peer", "--api-key", "app:key", "--from", "a", "--to", "b", "--payload", "x")).isEqualTo(2);
        assertThat(oneErrorLine(run)).isEqualTo("error: --api-key must not contain ':' (Basic auth sends key:secret, "
                + "and the service splits it at the first colon) (see: rtm send-peer --help)");
        assertThat(emulator.stats(APP.appId()).requests()).isZero();
    }

    @Test
    void wrongSecretIsExit3AndTheSecretIsNeverPrinted() {
        CliRun run = new CliRun(env());
        assertThat(run.run("send-peer", "--api-secret", "WRONGsecret987", "--from", "a", "--to", "b", "--payload", "x")).isEqualTo(3);
        assertThat(oneErrorLine(run)).contains("401").doesNotContain("WRONGsecret987");
    }

    @Test
    void unknownAppIdIsExit3LikeOtherCredentialErrors() {
        Map<String, String> env = env();
        env.put("RTM_APP_ID", "ffffffffffffffffffffffffffffffff");
        CliRun run = new CliRun(env);
        assertThat(run.run("send-peer", "--from", "a", "--to", "b", "--payload", "x")).isEqualTo(3);
        assertThat(oneErrorLine(run)).contains("status=404", "code=unknown_app");
    }

    @Test
    void shortSecretIsRefusedBeforeSendingAndNoLetterOfTheErrorIsRedacted() {
        CliRun run = new CliRun(env());
        assertThat(run.run("send-peer", "--api-secret", "e", "--from", "a", "--to", "b", "--payload", "x")).isEqualTo(2);
        assertThat(oneErrorLine(run)).isEqualTo("error: --api-secret is 1 character long; secrets shorter than 8 characters "
                + "are refused, because they could not be kept out of messages reliably (real ones are much longer) "
                + "(see: rtm send-peer --help)");
        assertThat(emulator.stats(APP.appId()).requests()).isZero();
    }

    @Test
    void shortSecretFromTheEnvironmentNamesTheVariable() {
        Map<String, String> env = env();
        env.put("RTM_API_SECRET", "abc");
        CliRun run = new CliRun(env);
        assertThat(run.run("send-peer", "--from", "a", "--to", "b", "--payload", "x")).isEqualTo(2);
        assertThat(oneErrorLine(run)).startsWith("error: RTM_API_SECRET (for --api-secret) is 3 characters long;");
    }

    @Test
    void shortSecretInTheEnvironmentOfACommandThatDoesNotUseItChangesNothing() {
        Map<String, String> env = new HashMap<>(Map.of("RTM_API_SECRET", "e"));
        CliRun run = new CliRun(env);
        assertThat(run.run("token", "--app-id", APP.appId(), "--app-certificate", "not-hex-certificate", "--user", "alice")).isEqualTo(2);
        assertThat(oneErrorLine(run)).startsWith("error: ").doesNotContain(Secrets.MASK);
    }

    @Test
    void aSecretIsRedactedAsAWholeValueAndTheRestOfTheLineIsIntact() {
        CliRun run = new CliRun(env());
        // the secret given where a number belongs: picocli quotes the value in its error
        assertThat(run.run("send-peer", "--from", "a", "--to", "b", "--payload", "x", "--timeout", SECRET)).isEqualTo(2);
        assertThat(oneErrorLine(run)).isEqualTo("error: Invalid value for option '--timeout': '<redacted>' is not a long "
                + "(see: rtm send-peer --help)");
    }

    @Test
    void plainHttpToANonLoopbackHostIsRefusedNamingInsecure() {
        CliRun run = new CliRun(env());
        assertThat(run.run("send-peer", "--endpoint", "http://example.invalid:8080", "--from", "a", "--to", "b", "--payload", "x"))
                .isEqualTo(2);
        assertThat(oneErrorLine(run)).isEqualTo("error: --endpoint is plain http:// to example.invalid, which is not a loopback "
                + "host: credentials and messages would travel unencrypted; use https://, or add --insecure if you mean it "
                + "(see: rtm send-peer --help)");
    }

    @Test
    void insecureAllowsPlainHttpToANonLoopbackHost() {
        CliRun run = new CliRun(env());
        // allowed: the call now fails on the network (no such host), not on the configuration
        assertThat(run.run("send-peer", "--insecure", "--max-attempts", "1", "--endpoint", "http://example.invalid:8080",
                "--from", "a", "--to", "b", "--payload", "x")).isEqualTo(7);
        assertThat(oneErrorLine(run)).doesNotContain("--insecure");
    }

    @Test
    void unknownTransportIsExit2ListingTheBundledOnes() {
        CliRun run = new CliRun(env());
        assertThat(run.run("send-peer", "--transport", "okhttp", "--from", "a", "--to", "b", "--payload", "x")).isEqualTo(2);
        assertThat(oneErrorLine(run)).isEqualTo("error: --transport (or RTM_TRANSPORT) 'okhttp' is not available; "
                + "this rtm has: httpclient5, jdk (see: rtm send-peer --help)");
    }

    @Test
    void jdkTransportFromTheEnvironmentSends() {
        Map<String, String> env = env();
        env.put("RTM_TRANSPORT", "jdk");
        CliRun run = new CliRun(env);
        assertThat(run.run("send-peer", "--from", "a", "--to", "b", "--payload", "via jdk")).isEqualTo(0);
        assertThat(emulator.accepted(APP.appId())).singleElement().satisfies(m -> assertThat(m.payload()).isEqualTo("via jdk"));
    }

    @Test
    void transportOptionChoosesTheTransportTheClientUses() {
        for (String name : List.of("httpclient5", "jdk")) {
            ConnectionOptions options = new ConnectionOptions();
            options.endpoint = emulator.baseUri().toString();
            options.appId = APP.appId();
            options.apiKey = APP.apiKey();
            options.apiSecret = SECRET;
            options.transport = name;
            options.timeoutSeconds = 5;
            options.maxAttempts = 1;
            try (ConnectionOptions.Connection c = options.open()) {
                assertThat(c.transport().getClass().getPackageName()).as(name)
                        .isEqualTo(name.equals("jdk") ? "io.rtm.transport.jdk" : "io.rtm.transport.httpclient");
            }
        }
    }

    @Test
    void rateLimitedIsExit4() {
        try (RtmEmulator strict = RtmEmulator.builder().app(APP).rateLimitPerSecond(1).start()) {
            assertThat(new CliRun(env(strict)).run("send-peer", "--from", "a", "--to", "b", "--payload", "x")).isEqualTo(0);
            // a second CLI run is a second client: its own limiter can't know, the service answers 429
            CliRun second = new CliRun(env(strict));
            assertThat(second.run("send-peer", "--max-attempts", "1", "--from", "a", "--to", "b", "--payload", "x")).isEqualTo(4);
            assertThat(oneErrorLine(second)).contains("429");
        }
    }

    @Test
    void timeoutIsExit5() {
        try (Receiver bob = emulator.connect(APP.appId(), "bob")) { // online, never acks (MANUAL): 408 ack_timeout
            CliRun run = new CliRun(env());
            assertThat(run.run("send-peer", "--max-attempts", "1", "--from", "a", "--to", "bob", "--payload", "x", "--wait-for-ack"))
                    .isEqualTo(5);
            assertThat(oneErrorLine(run)).contains("408");
        }
    }

    @Test
    void serverErrorIsExit6() {
        emulator.faults(APP.appId(), Faults.builder().errorProbability(1.0).seed(1).build());
        CliRun run = new CliRun(env());
        assertThat(run.run("send-peer", "--max-attempts", "1", "--from", "a", "--to", "b", "--payload", "x")).isEqualTo(6);
        assertThat(oneErrorLine(run)).contains("500");
    }

    @Test
    void networkFailureIsExit7() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Map<String, String> env = env();
        env.put("RTM_ENDPOINT", "http://127.0.0.1:" + closedPort);
        CliRun run = new CliRun(env);
        assertThat(run.run("send-peer", "--max-attempts", "1", "--from", "a", "--to", "b", "--payload", "x")).isEqualTo(7);
        oneErrorLine(run);
    }

    @Test
    void exitCodeTableMapsEachErrorTypeToItsCode() {
        assertThat(ExitCodes.of(new UsageException("x"))).isEqualTo(2);
        assertThat(ExitCodes.of(new RtmValidationException(List.of(new Violation("payload", "not_empty", "empty"))))).isEqualTo(2);
        assertThat(ExitCodes.of(new RtmConfigurationException("x"))).isEqualTo(2);
        assertThat(ExitCodes.of(service(400, "invalid_parameter"))).isEqualTo(2);
        assertThat(ExitCodes.of(service(404, "not_found"))).isEqualTo(2);
        assertThat(ExitCodes.of(service(404, "unknown_app"))).isEqualTo(3);
        assertThat(ExitCodes.of(service(401, "unauthorized"))).isEqualTo(3);
        assertThat(ExitCodes.of(RtmCredentialsException.notAllowed("uid_mismatch", "x"))).isEqualTo(3);
        assertThat(ExitCodes.of(service(429, "rate_limited"))).isEqualTo(4);
        assertThat(ExitCodes.of(RtmLocalRateLimitException.of("app:peer", Duration.ofSeconds(20), Duration.ofSeconds(10)))).isEqualTo(4);
        assertThat(ExitCodes.of(service(408, "timeout"))).isEqualTo(5);
        assertThat(ExitCodes.of(RtmTimeoutException.client(RtmTimeoutException.Kind.RESPONSE, "x", null))).isEqualTo(5);
        assertThat(ExitCodes.of(service(500, "internal_error"))).isEqualTo(6);
        assertThat(ExitCodes.of(RtmTransportException.connectFailed("x", null))).isEqualTo(7);
        assertThat(ExitCodes.of(service(302, null))).isEqualTo(9);
        assertThat(ExitCodes.of(RtmClientClosedException.aborted(Duration.ofSeconds(5), 1, true))).isEqualTo(10);
        assertThat(ExitCodes.of(new IllegalStateException("a bug"))).isEqualTo(70);
    }

    private static RtmServiceException service(int status, String code) {
        return RtmServiceException.builder(status).message("x").code(code).requestId("r").attempts(1).build();
    }

    @Test
    void versionIsTheBuildsVersion() {
        CliRun run = new CliRun(Map.of());
        assertThat(run.run("--version")).isEqualTo(0);
        assertThat(run.outLines()).singleElement().asString().matches("rtm \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    }

    @Test
    void emulatorCommandRunsUntilAStopIsRequestedThenExits0() throws Exception {
        CliRun run = new CliRun(Map.of());
        AtomicInteger code = new AtomicInteger(-1);
        Thread main = new Thread(() -> code.set(run.run("emulator", "--port", "0")));
        main.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!run.out().contains("listening on") && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(run.out()).startsWith("listening on http://127.0.0.1:");
        run.cli.stop().request();
        main.join(10_000);
        assertThat(main.isAlive()).isFalse();
        assertThat(code.get()).isEqualTo(0);
    }

    @Test
    void emulatorOnAPortInUseIsAUsageErrorNotABug() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            CliRun run = new CliRun(Map.of());
            assertThat(run.run("emulator", "--port", String.valueOf(taken.getLocalPort()))).isEqualTo(2);
            assertThat(run.errLines()).singleElement().asString().startsWith("error: --host/--port: the emulator could not start on 127.0.0.1:"
                    + taken.getLocalPort()).endsWith("(see: rtm emulator --help)");
        }
    }

    @Test
    void tokenCommandPrintsAVerifiableToken() {
        CliRun run = new CliRun(Map.of("RTM_APP_ID", APP.appId(), "RTM_APP_CERTIFICATE", APP.appCertificate()));
        assertThat(run.run("token", "--user", "alice", "--expire-seconds", "600")).isEqualTo(0);
        assertThat(run.outLines()).hasSize(1);
        assertThat(RtmTokenVerifier.verify(run.outLines().get(0), APP.appId(), APP.appCertificate(), "alice", Instant.now())).isNotNull();
    }

    @Test
    void tokenCommandRejectsABadCertificateWithoutEchoingIt() {
        CliRun run = new CliRun(Map.of());
        assertThat(run.run("token", "--app-id", APP.appId(), "--app-certificate", "not-hex-SECRETISH", "--user", "alice")).isEqualTo(2);
        assertThat(oneErrorLine(run)).doesNotContain("not-hex-SECRETISH");
    }
}
