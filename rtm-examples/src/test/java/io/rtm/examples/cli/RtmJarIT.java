package io.rtm.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The shaded {@code rtm.jar} run as a user runs it: separate JVMs, real environment variables. */
class RtmJarIT {

    private static final String JAR = System.getProperty("rtm.jar", "target/rtm.jar");

    private static ProcessBuilder rtm(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-jar");
        command.add(JAR);
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }

    private static String readAll(Process p) throws IOException {
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void demoWalksThroughEveryStepAndExits0() throws Exception {
        Process p = rtm("demo").redirectErrorStream(true).start();
        String output = readAll(p);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isEqualTo(0);
        assertThat(output).contains("message_delivered", "message_offline", "erin received the stored message",
                "carol received", "dave received", "RtmValidationException", "429s from the emulator: 0", "uid_mismatch",
                "demo finished: every step behaved as documented");
        assertThat(output).doesNotContain("UNEXPECTED");
    }

    @Test
    void emulatorCommandServesSendPeerAndListenFromTheEnvironment() throws Exception {
        Process emulator = rtm("emulator", "--port", "0").start();
        Process listener = null;
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(emulator.getInputStream(), StandardCharsets.UTF_8));
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
            Process sender = send.start();
            String out = readAll(sender);
            assertThat(sender.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(sender.exitValue()).isEqualTo(0);
            assertThat(out.lines().toList()).singleElement().asString()
                    .matches("\\{\"http_status\":200,\"result\":\"success\",\"code\":\"message_delivered\",\"request_id\":\"[^\"]+\",\"attempts\":1}");
            String event = received.readLine();
            assertThat(event).contains("\"from\":\"alice\"", "\"to\":\"bob\"", "\"payload\":\"hello from the jar\"");
        } finally {
            if (listener != null) {
                listener.destroy();
                listener.waitFor(10, TimeUnit.SECONDS);
            }
            emulator.destroy();
            assertThat(emulator.waitFor(10, TimeUnit.SECONDS)).as("the emulator stops on SIGTERM").isTrue();
        }
    }

    @Test
    void errorsAreOneLineOnStderrWithTheDocumentedExitCode() throws Exception {
        ProcessBuilder send = rtm("send-peer", "--from", "alice", "--to", "bad/user", "--payload", "x");
        send.environment().putAll(Map.of("RTM_APP_ID", "0123456789abcdef0123456789abcdef", "RTM_API_KEY", "k",
                "RTM_API_SECRET", "TOPSECRET42"));
        Process p = send.start();
        String out = readAll(p);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(out).isEmpty();
        assertThat(err.lines().toList()).singleElement().asString().startsWith("error: ").contains("destination")
                .doesNotContain("TOPSECRET42");
    }

    private static String value(String line, String label) {
        Matcher m = Pattern.compile(Pattern.quote(label) + "\\s+(\\S+)").matcher(line);
        assertThat(m.find()).as(line).isTrue();
        return m.group(1);
    }
}
