package io.rtm.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtm.emulator.AcceptedMessage;
import io.rtm.emulator.Faults;
import io.rtm.emulator.RtmEmulator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shaded {@code rtm.jar} run as a user runs it: separate JVMs, real environment variables, real signals.
 * {@code -Drtm.it.java=/path/to/bin/java} runs the jar with another Java (e.g. 25); default: the JVM running
 * the tests. Every run must print nothing on stderr unless it reports an error.
 */
class RtmJarIT {

    /** Set by failsafe after the package phase; without it (e.g. surefire matching -Dtest) there is no fresh jar to run. */
    private static final String JAR = System.getProperty("rtm.jar", "");
    private static final String JAVA = javaExecutable();
    private static RtmEmulator emulator;
    /** Drains child processes' output so a full pipe never blocks them. */
    private static final ExecutorService READERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "rtm-jar-it-reader");
        t.setDaemon(true);
        return t;
    });

    @TempDir
    Path dir;

    private static String javaExecutable() {
        String java = System.getProperty("rtm.it.java", "");
        return java.isBlank() ? Path.of(System.getProperty("java.home"), "bin", "java").toString() : java;
    }

    @BeforeAll
    static void start() {
        Assumptions.assumeFalse(JAR.isEmpty(), "no rtm.jar system property: run by failsafe (mvn verify)");
        emulator = RtmEmulator.builder().app(CliTest.APP).start();
    }

    @AfterAll
    static void stop() {
        if (emulator != null) {
            emulator.close();
        }
        READERS.shutdownNow();
    }

    private static ProcessBuilder rtm(String... args) {
        List<String> command = new ArrayList<>();
        command.add(JAVA);
        command.add("-jar");
        command.add(Path.of(JAR).toAbsolutePath().toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().keySet().removeIf(k -> k.startsWith("RTM_"));
        return pb;
    }

    private static ProcessBuilder rtmAgainstTheEmulator(String... args) {
        ProcessBuilder pb = rtm(args);
        pb.environment().putAll(CliTest.env(emulator));
        return pb;
    }

    /** A finished process's exit code and output. */
    record Run(int exitCode, String out, String err) {
    }

    private static Run run(ProcessBuilder pb) throws Exception {
        Process p = pb.start();
        p.getOutputStream().close();
        CompletableFuture<String> out = drain(p.getInputStream());
        CompletableFuture<String> err = drain(p.getErrorStream());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("finished within 120 s").isTrue();
        return new Run(p.exitValue(), out.get(10, TimeUnit.SECONDS), err.get(10, TimeUnit.SECONDS));
    }

    private static CompletableFuture<String> drain(java.io.InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "<unreadable: " + e + ">";
            }
        }, READERS);
    }

    @Test
    void demoWalksThroughEveryStepAndExits0WithNothingOnStderr() throws Exception {
        Run r = run(rtm("demo"));
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(0);
        assertThat(r.err()).as("stderr on " + JAVA).isEmpty();
        assertThat(r.out()).contains("message_delivered", "message_offline", "erin received the stored message",
                "carol received", "dave received", "RtmValidationException", "429s from the emulator: 0", "uid_mismatch",
                "alice -> bob (peer_message", "History 3/3", "history-count: 3",
                "user events: [bob Login, carol Login, dave Login, erin Login]", "frank Login, frank Logout",
                "demo finished: every step behaved as documented");
        assertThat(r.out()).doesNotContain("UNEXPECTED");
    }

    @ParameterizedTest
    @ValueSource(strings = {"demo", "send-peer", "send-channel", "history", "history-count", "events", "emulator", "listen",
            "token", "help"})
    void everyCommandsHelpExits0WithNothingOnStderr(String command) throws Exception {
        Run r = run(rtm(command, "--help"));
        assertThat(r.exitCode()).isEqualTo(0);
        assertThat(r.out()).contains("Usage: rtm " + command + " ");
        assertThat(r.err()).as("stderr on " + JAVA).isEmpty();
    }

    @Test
    void versionPrintsTheBuildsVersion() throws Exception {
        Run r = run(rtm("--version"));
        assertThat(r.exitCode()).isEqualTo(0);
        assertThat(r.out().strip()).matches("rtm \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void atBobSendsTheTextAtBobWhenAFileNamedBobIsInTheWorkingDirectory() throws Exception {
        emulator.reset();
        Files.writeString(dir.resolve("bob"), "--payload stolen");
        Run r = run(rtmAgainstTheEmulator("send-peer", "--from", "alice", "--to", "bob", "--payload", "@bob").directory(dir.toFile()));
        assertThat(r.exitCode()).as(r.err()).isEqualTo(0);
        assertThat(r.err()).isEmpty();
        assertThat(emulator.accepted(CliTest.APP.appId())).extracting(AcceptedMessage::payload).containsExactly("@bob");
    }

    @ParameterizedTest
    @ValueSource(strings = {"httpclient5", "jdk"})
    void bothTransportsAreInTheJarAndChosenFromTheEnvironment(String transport) throws Exception {
        emulator.reset();
        ProcessBuilder pb = rtmAgainstTheEmulator("send-peer", "--from", "alice", "--to", "bob", "--payload", "via " + transport);
        pb.environment().put("RTM_TRANSPORT", transport);
        Run r = run(pb);
        assertThat(r.exitCode()).as(r.err()).isEqualTo(0);
        assertThat(r.err()).as("stderr on " + JAVA).isEmpty();
        assertThat(r.out().lines().toList()).singleElement().asString()
                .matches("\\{\"http_status\":200,\"result\":\"success\",\"code\":\"message_sent\",\"request_id\":\"[^\"]+\",\"attempts\":1}");
        assertThat(emulator.accepted(CliTest.APP.appId())).extracting(AcceptedMessage::payload).containsExactly("via " + transport);
    }

    @Test
    void tokenAndSendChannelPrintNothingOnStderr() throws Exception {
        ProcessBuilder token = rtm("token", "--user", "alice");
        token.environment().putAll(Map.of("RTM_APP_ID", CliTest.APP.appId(), "RTM_APP_CERTIFICATE", CliTest.APP.appCertificate()));
        Run t = run(token);
        assertThat(t.exitCode()).isEqualTo(0);
        assertThat(t.out()).startsWith("006" + CliTest.APP.appId());
        assertThat(t.err()).as("stderr on " + JAVA).isEmpty();
        Run c = run(rtmAgainstTheEmulator("send-channel", "--from", "alice", "--channel", "lobby", "--payload", "hi"));
        assertThat(c.exitCode()).isEqualTo(0);
        assertThat(c.err()).as("stderr on " + JAVA).isEmpty();
    }

    @Test
    void manifestAllowsNativeAccessSoJLineDoesNotWarnOnJava22Plus() throws Exception {
        try (java.util.jar.JarFile jar = new java.util.jar.JarFile(JAR)) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Enable-Native-Access")).isEqualTo("ALL-UNNAMED");
        }
    }

    @Test
    void progressBarOnATerminalPrintsNoWarning() throws Exception {
        // a pseudo-terminal from util-linux script(1), where there is one; JLine only loads native code on a terminal
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "script(1) is not installed");
        emulator.reset();
        Path users = Files.write(dir.resolve("users.txt"), IntStream.rangeClosed(1, 50).mapToObj(i -> "user-" + i).toList());
        Path err = dir.resolve("err.txt");
        String command = String.join(" ", List.of(quote(JAVA), "-jar", quote(Path.of(JAR).toAbsolutePath().toString()), "send-peer",
                "--from", "news", "--to-file", quote(users.toString()), "--payload", "hi", "2>" + quote(err.toString())));
        ProcessBuilder pb = new ProcessBuilder("/usr/bin/script", "-q", "-e", "-c", command, "/dev/null");
        pb.environment().putAll(CliTest.env(emulator));
        Run r = run(pb);
        assertThat(r.exitCode()).as(r.out()).isEqualTo(0);
        String stderr = Files.readString(err);
        assertThat(stderr).as("stderr on " + JAVA).contains("send-peer 100%").doesNotContain("WARNING");
        assertThat(emulator.accepted(CliTest.APP.appId())).hasSize(50);
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    @Test
    void payloadFromStandardInput() throws Exception {
        emulator.reset();
        Path input = Files.writeString(dir.resolve("in.txt"), "piped ✓\n");
        Run r = run(rtmAgainstTheEmulator("send-peer", "--from", "alice", "--to", "bob", "--payload", "-")
                .redirectInput(input.toFile()));
        assertThat(r.exitCode()).as(r.err()).isEqualTo(0);
        assertThat(emulator.accepted(CliTest.APP.appId())).extracting(AcceptedMessage::payload).containsExactly("piped ✓\n");
    }

    @Test
    void emulatorCommandServesSendPeerAndListenFromTheEnvironment() throws Exception {
        Process emulatorProcess = rtm("emulator", "--port", "0").start();
        Process listener = null;
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(emulatorProcess.getInputStream(), StandardCharsets.UTF_8));
            String first = lines.readLine();
            assertThat(first).matches("listening on http://127\\.0\\.0\\.1:\\d+");
            String endpoint = first.substring("listening on ".length());
            String appId = value(lines.readLine(), "app id:");
            String apiKey = value(lines.readLine(), "api key:");
            String apiSecret = value(lines.readLine(), "api secret:");

            ProcessBuilder listen = rtm("listen", "--user", "bob");
            listen.environment().putAll(Map.of("RTM_ENDPOINT", endpoint, "RTM_APP_ID", appId));
            listener = listen.start();
            BufferedReader received = new BufferedReader(new InputStreamReader(listener.getInputStream(), StandardCharsets.UTF_8));
            BufferedReader listenerErr = new BufferedReader(new InputStreamReader(listener.getErrorStream(), StandardCharsets.UTF_8));
            assertThat(listenerErr.readLine()).isEqualTo("listening as bob");

            ProcessBuilder send = rtm("send-peer", "--from", "alice", "--to", "bob", "--payload", "hello from the jar", "--wait-for-ack");
            send.environment().putAll(Map.of("RTM_ENDPOINT", endpoint, "RTM_APP_ID", appId, "RTM_API_KEY", apiKey,
                    "RTM_API_SECRET", apiSecret));
            Run sent = run(send);
            assertThat(sent.exitCode()).as(sent.err()).isEqualTo(0);
            assertThat(sent.err()).as("stderr on " + JAVA).isEmpty();
            assertThat(sent.out().lines().toList()).singleElement().asString()
                    .matches("\\{\"http_status\":200,\"result\":\"success\",\"code\":\"message_delivered\",\"request_id\":\"[^\"]+\",\"attempts\":1}");
            assertThat(received.readLine()).contains("\"from\":\"alice\"", "\"to\":\"bob\"", "\"payload\":\"hello from the jar\"");

            sigterm(listener);
            assertThat(listener.waitFor(20, TimeUnit.SECONDS)).as("the receiver stops on SIGTERM").isTrue();
            assertThat(listener.exitValue()).isEqualTo(0);
            assertThat(listenerErr.readLine()).as("nothing more on the receiver's stderr").isNull();
        } finally {
            if (listener != null) {
                listener.destroyForcibly();
            }
            sigterm(emulatorProcess);
            assertThat(emulatorProcess.waitFor(20, TimeUnit.SECONDS)).as("the emulator stops on SIGTERM").isTrue();
            assertThat(emulatorProcess.exitValue()).isEqualTo(0);
            assertThat(new String(emulatorProcess.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)).as("emulator stderr").isEmpty();
        }
    }

    @Test
    void historyAndEventsWorkAgainstTheEmulatorCommandAsTheReadmeShows() throws Exception {
        Process emulatorProcess = rtm("emulator", "--port", "0").start();
        Process listener = null;
        Process follow = null;
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(emulatorProcess.getInputStream(), StandardCharsets.UTF_8));
            String endpoint = lines.readLine().substring("listening on ".length());
            Map<String, String> env = Map.of("RTM_ENDPOINT", endpoint, "RTM_APP_ID", value(lines.readLine(), "app id:"),
                    "RTM_API_KEY", value(lines.readLine(), "api key:"), "RTM_API_SECRET", value(lines.readLine(), "api secret:"));

            ProcessBuilder listen = rtm("listen", "--user", "bob", "--channels", "lobby");
            listen.environment().putAll(env);
            listener = listen.start();
            BufferedReader listenerErr = new BufferedReader(new InputStreamReader(listener.getErrorStream(), StandardCharsets.UTF_8));
            assertThat(listenerErr.readLine()).isEqualTo("listening as bob in lobby");

            for (String payload : List.of("hi", "how are you?")) {
                ProcessBuilder send = rtm("send-peer", "--from", "alice", "--to", "bob", "--payload", payload, "--history");
                send.environment().putAll(env);
                assertThat(run(send).exitCode()).isEqualTo(0);
            }

            ProcessBuilder history = rtm("history", "--source", "alice", "--destination", "bob");
            history.environment().putAll(env);
            Run h = run(history); // the emulator answers "in progress" once: the CLI asks again after the published 2 s
            assertThat(h.exitCode()).as(h.err()).isEqualTo(0);
            assertThat(h.err()).as("stderr on " + JAVA).isEmpty();
            List<String> out = h.out().lines().toList();
            assertThat(out).hasSize(3);
            assertThat(out.get(0)).matches("\\{\"src\":\"alice\",\"dst\":\"bob\",\"message_type\":\"peer_message\",\"payload\":\"hi\",\"ms\":\\d+}");
            assertThat(out.get(1)).contains("\"payload\":\"how are you?\"");
            assertThat(out.get(2)).isEqualTo("{\"messages\":2,\"pages\":1}");

            ProcessBuilder count = rtm("history-count", "--source", "alice");
            count.environment().putAll(env);
            Run c = run(count);
            assertThat(c.out().strip()).isEqualTo("{\"count\":2}");
            assertThat(c.err()).isEmpty();

            ProcessBuilder users = rtm("events", "users");
            users.environment().putAll(env);
            Run u = run(users);
            assertThat(u.exitCode()).isEqualTo(0);
            assertThat(u.out().lines().toList()).singleElement().asString()
                    .matches("\\{\"user_id\":\"bob\",\"type\":\"Login\",\"ts\":\\d+}");
            ProcessBuilder channels = rtm("events", "channels");
            channels.environment().putAll(env);
            assertThat(run(channels).out().lines().toList()).singleElement().asString()
                    .matches("\\{\"channel_id\":\"lobby\",\"user_id\":\"bob\",\"type\":\"Join\",\"ts\":\\d+}");

            ProcessBuilder followUsers = rtm("events", "users", "--follow");
            followUsers.environment().putAll(env);
            follow = followUsers.start();
            CompletableFuture<String> followErr = drain(follow.getErrorStream());
            BufferedReader followed = new BufferedReader(new InputStreamReader(follow.getInputStream(), StandardCharsets.UTF_8));
            sigterm(listener); // bob hangs up: Logout
            assertThat(listener.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(followed.readLine()).matches("\\{\"user_id\":\"bob\",\"type\":\"Logout\",\"ts\":\\d+}");
            sigterm(follow);
            assertThat(follow.waitFor(20, TimeUnit.SECONDS)).as("--follow stops on SIGTERM").isTrue();
            assertThat(follow.exitValue()).isEqualTo(0);
            assertThat(followed.readLine()).as("nothing more").isNull();
            assertThat(followErr.get(10, TimeUnit.SECONDS)).as("stderr on " + JAVA).isEmpty();
        } finally {
            for (Process p : new Process[] {listener, follow}) {
                if (p != null) {
                    p.destroyForcibly();
                }
            }
            sigterm(emulatorProcess);
            assertThat(emulatorProcess.waitFor(20, TimeUnit.SECONDS)).as("the emulator stops on SIGTERM").isTrue();
        }
    }

    @Test
    void errorsAreOneLineOnStderrWithTheDocumentedExitCode() throws Exception {
        ProcessBuilder send = rtm("send-peer", "--from", "alice", "--to", "bad/user", "--payload", "x");
        send.environment().putAll(Map.of("RTM_APP_ID", "0123456789abcdef0123456789abcdef", "RTM_API_KEY", "k",
                "RTM_API_SECRET", "TOPSECRET42"));
        Run r = run(send);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().lines().toList()).singleElement().asString().startsWith("error: ").contains("destination")
                .doesNotContain("TOPSECRET42");
    }

    @Test
    void sigtermDuringABulkSendReportsWhatWasNotSentAndExits8() throws Exception {
        emulator.reset();
        // 200 ms a message, 2 at a time: 300 recipients would take 30 s; SIGTERM comes after the first few.
        emulator.faults(CliTest.APP.appId(), Faults.builder().latency(Duration.ofMillis(200)).seed(1).build());
        try {
            Path users = Files.write(dir.resolve("users.txt"), IntStream.rangeClosed(1, 300).mapToObj(i -> "user-" + i).toList());
            Path failures = dir.resolve("failures.jsonl");
            Process p = rtmAgainstTheEmulator("send-peer", "--from", "news", "--to-file", users.toString(), "--payload", "hello",
                    "--max-in-flight", "2", "--failures-file", failures.toString()).start();
            CompletableFuture<String> out = drain(p.getInputStream());
            CompletableFuture<String> err = drain(p.getErrorStream());
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (emulator.accepted(CliTest.APP.appId()).size() < 4 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(p.isAlive()).as("still sending").isTrue();
            sigterm(p);
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();

            assertThat(p.exitValue()).as(err.get()).isEqualTo(8);
            assertThat(err.get(10, TimeUnit.SECONDS)).isEmpty();
            List<String> lines = out.get(10, TimeUnit.SECONDS).lines().toList();
            assertThat(lines).hasSize(1);
            Map<String, String> summary = CliBulkTest.fields(lines.get(0));
            long sent = Long.parseLong(summary.get("sent"));
            long notSent = Long.parseLong(summary.get("not_sent"));
            assertThat(summary).containsEntry("total", "300").containsEntry("failed", "0").containsEntry("stopped", "true");
            assertThat(sent).isEqualTo(emulator.accepted(CliTest.APP.appId()).size());
            assertThat(sent + notSent).isEqualTo(300);
            assertThat(notSent).isGreaterThan(200);
            assertThat(lines.get(0)).contains("\"failures\":{\"not_sent\":" + notSent + "}");
            List<String> failed = Files.readAllLines(failures);
            assertThat(failed).hasSize((int) notSent);
            assertThat(failed.get(0)).isEqualTo("{\"to\":\"user-" + (sent + 1) + "\",\"line\":" + (sent + 1)
                    + ",\"reason\":\"not_sent\",\"error\":\"not sent: the run was stopped before this recipient's turn\"}");
            assertThat(failed.get(failed.size() - 1)).startsWith("{\"to\":\"user-300\",\"line\":300,\"reason\":\"not_sent\"");
        } finally {
            emulator.faults(CliTest.APP.appId(), Faults.none());
        }
    }

    /**
     * SIGTERM, as {@code Process.destroy()} sends on Linux; through the process handle, because {@code Process.destroy()}
     * also closes our ends of the process's pipes, and we want to read what it prints while it stops.
     */
    private static void sigterm(Process p) {
        assertThat(p.toHandle().destroy()).as("SIGTERM sent").isTrue();
    }

    private static String value(String line, String label) {
        Matcher m = Pattern.compile(Pattern.quote(label) + "\\s+(\\S+)").matcher(line);
        assertThat(m.find()).as(line).isTrue();
        return m.group(1);
    }
}
