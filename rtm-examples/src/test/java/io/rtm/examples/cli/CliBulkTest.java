package io.rtm.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.rtm.emulator.AcceptedMessage;
import io.rtm.emulator.Faults;
import io.rtm.emulator.RtmEmulator;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** send-peer --to-file: the summary line, the failures file, and a stop request (SIGTERM's in-process stand-in). */
class CliBulkTest {

    private static RtmEmulator emulator;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        emulator = RtmEmulator.builder().app(CliTest.APP).start();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @BeforeEach
    void reset() {
        emulator.reset();
        emulator.faults(CliTest.APP.appId(), Faults.none());
    }

    private Map<String, String> env() {
        return CliTest.env(emulator);
    }

    private List<AcceptedMessage> accepted() {
        return emulator.accepted(CliTest.APP.appId());
    }

    private Path users(int n) throws IOException {
        return Files.write(dir.resolve("users.txt"), IntStream.rangeClosed(1, n).mapToObj(i -> "user-" + i).toList());
    }

    /** The fields of a flat JSON object (nested objects are skipped), values as text. */
    static Map<String, String> fields(String json) {
        Map<String, String> out = new LinkedHashMap<>();
        try (JsonParser p = new JsonFactory().createParser(json)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                if (p.nextToken() == JsonToken.START_OBJECT) {
                    p.skipChildren();
                } else {
                    out.put(name, p.getText());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    @Test
    void summaryCountsEveryRecipientAndTheFailuresByReason() throws Exception {
        List<String> lines = new ArrayList<>(List.of("# subscribers", ""));
        IntStream.range(0, 50).forEach(i -> lines.add("user-" + i));
        lines.add("bad/user");
        Path users = Files.write(dir.resolve("users.txt"), lines);
        CliRun run = new CliRun(env());
        assertThat(run.run("send-peer", "--from", "news", "--to-file", users.toString(), "--payload", "hello")).isEqualTo(8);
        assertThat(run.outLines()).singleElement().asString().matches("\\{\"total\":51,\"sent\":50,\"delivered\":0,\"offline\":0,"
                + "\"unknown\":0,\"failed\":1,\"not_sent\":0,\"skipped\":0,\"ambiguous\":0,\"failures\":\\{\"invalid_input\":1},"
                + "\"stopped\":false,\"elapsed_ms\":\\d+}");
        assertThat(run.err()).isEmpty();
        assertThat(accepted()).hasSize(50);
    }

    @Test
    void failuresFileHasOneJsonLinePerFailedRecipientWithItsLineReasonAndError() throws Exception {
        Path users = Files.write(dir.resolve("users.txt"), List.of("alice", "# comment", "bad/user", "bob", "bad*user", "carol"));
        Path failures = dir.resolve("failures.jsonl");
        CliRun run = new CliRun(env());
        assertThat(run.run("send-peer", "--from", "news", "--to-file", users.toString(), "--payload", "hello",
                "--failures-file", failures.toString())).isEqualTo(8);
        assertThat(run.outLines()).singleElement().asString().contains("\"failed\":2,\"not_sent\":0,\"skipped\":0,\"ambiguous\":0,\"failures\":{\"invalid_input\":2}");
        assertThat(Files.readAllLines(failures)).containsExactlyInAnyOrder(
                "{\"to\":\"bad/user\",\"line\":3,\"reason\":\"invalid_input\",\"error\":\"invalid message: destination "
                        + "(allowed_characters): contains U+002F '/' at index 3; allowed are a-z, A-Z, 0-9, space and "
                        + "!#$%&()+-:;<=.>?@[]^_{}|~,'\"}",
                "{\"to\":\"bad*user\",\"line\":5,\"reason\":\"invalid_input\",\"error\":\"invalid message: destination "
                        + "(allowed_characters): contains U+002A '*' at index 3; allowed are a-z, A-Z, 0-9, space and "
                        + "!#$%&()+-:;<=.>?@[]^_{}|~,'\"}");
        assertThat(accepted()).extracting(AcceptedMessage::to).containsExactlyInAnyOrder("alice", "bob", "carol");
    }

    @Test
    void failuresFileOfARunWithoutFailuresIsEmpty() throws Exception {
        Path failures = Files.writeString(dir.resolve("failures.jsonl"), "stale line from an earlier run\n");
        CliRun run = new CliRun(env());
        assertThat(run.run("send-peer", "--from", "news", "--to-file", users(5).toString(), "--payload", "hello",
                "--failures-file", failures.toString())).isEqualTo(0);
        assertThat(failures).isEmptyFile();
    }

    @Test
    void failuresFileRedactsSecretsFromErrorTexts() throws Exception {
        Path failures = dir.resolve("failures.jsonl");
        CommandLine cl = new CommandLine(new RtmCli(Map.of(), InputStream.nullInputStream(), new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter())));
        Secrets secrets = Secrets.collect(cl.getCommandSpec(), new String[] {"send-peer", "--api-secret", "TOPsecret42"}, Map.of());
        BulkSend.FailuresFile file = BulkSend.FailuresFile.create(failures, secrets);
        file.write(new Recipients.Recipient("bob", 7), "other", new IllegalStateException("echoed TOPsecret42 back"));
        file.close();
        assertThat(Files.readAllLines(failures)).containsExactly(
                "{\"to\":\"bob\",\"line\":7,\"reason\":\"other\",\"error\":\"java.lang.IllegalStateException: echoed <redacted> back\"}");
    }

    @Test
    void bulkOnlyOptionsWithASingleRecipientAreAUsageError() {
        for (String[] option : List.of(new String[] {"--failures-file", "f.jsonl"}, new String[] {"--grace", "1"},
                new String[] {"--max-in-flight", "2"})) {
            CliRun run = new CliRun(env());
            assertThat(run.run("send-peer", "--from", "a", "--to", "b", "--payload", "x", option[0], option[1])).isEqualTo(2);
            assertThat(CliTest.oneErrorLine(run)).isEqualTo("error: " + option[0] + " applies only with --to-file (see: rtm send-peer --help)");
        }
        assertThat(emulator.stats(CliTest.APP.appId()).requests()).isZero();
    }

    @Test
    void unwritableFailuresFileIsExit2BeforeAnythingIsSent() throws Exception {
        Path failures = dir.resolve("no-such-dir").resolve("failures.jsonl");
        CliRun run = new CliRun(env());
        assertThat(run.run("send-peer", "--from", "news", "--to-file", users(3).toString(), "--payload", "x",
                "--failures-file", failures.toString())).isEqualTo(2);
        assertThat(CliTest.oneErrorLine(run)).startsWith("error: --failures-file " + failures + ": cannot write it (NoSuchFileException");
        assertThat(emulator.stats(CliTest.APP.appId()).requests()).isZero();
    }

    @Test
    void stopLetsTheMessagesInFlightFinishAndReportsTheRestAsNotSent() throws Exception {
        // 150 ms a message, 4 at a time: 200 recipients would take 7.5 s; the stop comes after the first few.
        emulator.faults(CliTest.APP.appId(), Faults.builder().latency(Duration.ofMillis(150)).seed(1).build());
        Path failures = dir.resolve("failures.jsonl");
        CliRun run = new CliRun(env());
        AtomicInteger code = new AtomicInteger(-1);
        String users = users(200).toString();
        Thread main = new Thread(() -> code.set(run.run("send-peer", "--from", "news", "--to-file", users,
                "--payload", "hello", "--max-in-flight", "4", "--grace", "10", "--failures-file", failures.toString())));
        main.start();
        awaitAccepted(8);
        run.cli.stop().request();
        main.join(20_000);
        assertThat(main.isAlive()).isFalse();

        assertThat(code.get()).isEqualTo(8);
        Map<String, String> summary = fields(run.outLines().get(0));
        long sent = Long.parseLong(summary.get("sent"));
        long notSent = Long.parseLong(summary.get("not_sent"));
        assertThat(summary).containsEntry("total", "200").containsEntry("failed", "0").containsEntry("stopped", "true");
        assertThat(sent + notSent).isEqualTo(200);
        assertThat(sent).as("every message handed out before the stop finished (grace 10 s)").isEqualTo(accepted().size());
        assertThat(notSent).isPositive();
        assertThat(run.outLines().get(0)).contains("\"failures\":{\"not_sent\":" + notSent + "}");
        // exactly the recipients never sent, in file order, each once
        List<String> expected = IntStream.rangeClosed((int) sent + 1, 200)
                .mapToObj(i -> "{\"to\":\"user-" + i + "\",\"line\":" + i + ",\"reason\":\"not_sent\","
                        + "\"error\":\"not sent: the run was stopped before this recipient's turn\"}")
                .toList();
        assertThat(Files.readAllLines(failures)).containsExactlyElementsOf(expected);
        assertThat(accepted()).extracting(AcceptedMessage::to)
                .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, (int) sent).mapToObj(i -> "user-" + i).toList());
    }

    @Test
    void stopAbortsWhatIsStillInFlightWhenTheGracePeriodEnds() throws Exception {
        // Every message takes 30 s at the emulator; with --grace 0 the run must end long before that.
        emulator.faults(CliTest.APP.appId(), Faults.builder().latency(Duration.ofSeconds(30)).seed(1).build());
        Path failures = dir.resolve("failures.jsonl");
        CliRun run = new CliRun(env());
        AtomicInteger code = new AtomicInteger(-1);
        String users = users(10).toString();
        Thread main = new Thread(() -> code.set(run.run("send-peer", "--from", "news", "--to-file", users,
                "--payload", "hello", "--max-in-flight", "3", "--grace", "0", "--failures-file", failures.toString())));
        main.start();
        awaitRequests(3);
        long stopAt = System.nanoTime();
        run.cli.stop().request();
        main.join(20_000);
        assertThat(main.isAlive()).isFalse();
        // generous for a loaded machine, far below the 30 s a message would take
        assertThat(Duration.ofNanos(System.nanoTime() - stopAt)).isLessThan(Duration.ofSeconds(10));

        assertThat(code.get()).isEqualTo(8);
        Map<String, String> summary = fields(run.outLines().get(0));
        assertThat(summary).containsEntry("total", "10").containsEntry("sent", "0").containsEntry("failed", "3")
                .containsEntry("not_sent", "7").containsEntry("stopped", "true");
        List<String> lines = Files.readAllLines(failures);
        assertThat(lines).hasSize(10);
        assertThat(lines.subList(0, 3)).allSatisfy(l -> assertThat(fields(l)).containsEntry("reason", "client_closed"));
        assertThat(lines.subList(3, 10)).allSatisfy(l -> assertThat(fields(l)).containsEntry("reason", "not_sent"));
    }

    @Test
    void stopRequestedBeforeTheRunSendsNothingAndReportsEveryoneNotSent() throws Exception {
        CliRun run = new CliRun(env());
        run.cli.stop().request(); // before the run: nothing is handed out
        assertThat(run.run("send-peer", "--from", "news", "--to-file", users(3).toString(), "--payload", "x")).isEqualTo(8);
        assertThat(fields(run.outLines().get(0))).containsEntry("total", "3").containsEntry("not_sent", "3")
                .containsEntry("stopped", "true");
        assertThat(accepted()).isEmpty();
    }

    private void awaitAccepted(int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (accepted().size() < n && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(accepted()).hasSizeGreaterThanOrEqualTo(n);
    }

    private void awaitRequests(int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (emulator.stats(CliTest.APP.appId()).requests() < n && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(emulator.stats(CliTest.APP.appId()).requests()).isGreaterThanOrEqualTo(n);
    }
}
