package io.rtm.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtm.emulator.AcceptedMessage;
import io.rtm.emulator.Faults;
import io.rtm.emulator.RtmEmulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --journal}: a run stopped half way and started again with the same command sends each recipient it had not
 * confirmed, never one it had; a journal of another job is refused. (The kill -9 version is {@code BulkResumeIT}.)
 * Also {@code send-channel --channel-file} and the fleet options' usage errors.
 */
class CliJournalTest {

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

    private Path users(int n) throws Exception {
        return Files.write(dir.resolve("users.txt"), IntStream.rangeClosed(1, n).mapToObj(i -> "user-" + i).toList());
    }

    @Test
    void aStoppedRunStartedAgainWithItsJournalSendsTheRestAndNeverAConfirmedRecipientAgain() throws Exception {
        // 100 ms a message, 5 at a time: the stop comes after the first ones; grace 0 aborts the 5 in flight
        emulator.faults(CliTest.APP.appId(), Faults.builder().latency(Duration.ofMillis(100)).seed(1).build());
        String users = users(60).toString();
        String journal = dir.resolve("news.journal").toString();
        CliRun first = new CliRun(env());
        AtomicInteger code = new AtomicInteger(-1);
        Thread main = new Thread(() -> code.set(first.run("send-peer", "--from", "news", "--to-file", users, "--payload",
                "hello", "--max-in-flight", "5", "--grace", "0", "--journal", journal)));
        main.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (accepted().size() < 10 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        first.cli.stop().request();
        main.join(20_000);
        assertThat(code.get()).isEqualTo(8);
        Map<String, String> s1 = CliBulkTest.fields(first.outLines().get(0));
        long confirmed = Long.parseLong(s1.get("sent"));
        assertThat(s1).containsEntry("stopped", "true").containsEntry("skipped", "0");
        assertThat(confirmed).isBetween(5L, 55L);

        emulator.faults(CliTest.APP.appId(), Faults.none());
        CliRun second = new CliRun(env());
        assertThat(second.run("send-peer", "--from", "news", "--to-file", users, "--payload", "hello", "--journal", journal))
                .isEqualTo(0);
        Map<String, String> s2 = CliBulkTest.fields(second.outLines().get(0));
        assertThat(s2).containsEntry("total", "60").containsEntry("skipped", Long.toString(confirmed))
                .containsEntry("sent", Long.toString(60 - confirmed)).containsEntry("failed", "0").containsEntry("not_sent", "0");
        long ambiguous = Long.parseLong(s2.get("ambiguous"));
        assertThat(second.errLines().get(0)).isEqualTo("note: resuming from --journal " + journal + ": " + confirmed
                + " of 60 recipients were confirmed by an earlier run and are skipped");

        Map<String, Long> times = accepted().stream().collect(Collectors.groupingBy(AcceptedMessage::to, Collectors.counting()));
        assertThat(times).as("every recipient got it").hasSize(60);
        long twice = times.values().stream().filter(n -> n > 1).count();
        assertThat(times.values()).allMatch(n -> n <= 2);
        assertThat(twice).as("duplicates only among those in flight when the first run ended").isLessThanOrEqualTo(ambiguous);
        assertThat(ambiguous).as("at most the 5 in flight").isLessThanOrEqualTo(5);

        CliRun third = new CliRun(env());
        assertThat(third.run("send-peer", "--from", "news", "--to-file", users, "--payload", "hello", "--journal", journal))
                .isEqualTo(0);
        assertThat(CliBulkTest.fields(third.outLines().get(0))).containsEntry("skipped", "60").containsEntry("sent", "0");
        assertThat(accepted()).as("a finished job sends nothing").hasSize(times.values().stream().mapToInt(Long::intValue).sum());
    }

    @Test
    void aJournalOfAnotherPayloadIsRefusedBeforeAnythingIsSent() throws Exception {
        String users = users(3).toString();
        String journal = dir.resolve("j").toString();
        assertThat(new CliRun(env()).run("send-peer", "--from", "news", "--to-file", users, "--payload", "one", "--journal",
                journal)).isEqualTo(0);
        int before = accepted().size();
        CliRun run = new CliRun(env());
        assertThat(run.run("send-peer", "--from", "news", "--to-file", users, "--payload", "two", "--journal", journal))
                .isEqualTo(2);
        assertThat(CliTest.oneErrorLine(run)).isEqualTo("error: --journal " + journal + " belongs to another job (different: "
                + "message): its indices would name other messages. Use a new journal file, or the inputs it was written for "
                + "(see: rtm send-peer --help)");
        assertThat(accepted()).hasSize(before);
    }

    @Test
    void aJournalOfAnotherRecipientsFileIsRefused() throws Exception {
        String journal = dir.resolve("j").toString();
        assertThat(new CliRun(env()).run("send-peer", "--from", "news", "--to-file", users(3).toString(), "--payload", "x",
                "--journal", journal)).isEqualTo(0);
        Path other = Files.write(dir.resolve("other.txt"), List.of("user-1", "user-3", "user-2"));
        CliRun run = new CliRun(env());
        assertThat(run.run("send-peer", "--from", "news", "--to-file", other.toString(), "--payload", "x", "--journal", journal))
                .isEqualTo(2);
        assertThat(CliTest.oneErrorLine(run)).contains("belongs to another job (different: recipients)");
    }

    @Test
    void sendChannelFansOneMessageOutToEveryChannelOfTheFile() throws Exception {
        Path channels = Files.write(dir.resolve("channels.txt"), List.of("# regions", "eu", "", "us", "bad/channel", "ap"));
        Path failures = dir.resolve("failures.jsonl");
        CliRun run = new CliRun(env());
        assertThat(run.run("send-channel", "--from", "ops", "--channel-file", channels.toString(), "--payload", "deploy at 5",
                "--failures-file", failures.toString())).isEqualTo(8);
        assertThat(CliBulkTest.fields(run.outLines().get(0))).containsEntry("total", "4").containsEntry("sent", "3")
                .containsEntry("failed", "1");
        assertThat(accepted()).extracting(AcceptedMessage::to).containsExactlyInAnyOrder("eu", "us", "ap");
        assertThat(Files.readAllLines(failures)).singleElement().asString()
                .startsWith("{\"channel\":\"bad/channel\",\"line\":5,\"reason\":\"invalid_input\",");
    }

    @Test
    void bulkOnlyOptionsOfSendChannelWithOneChannelAreAUsageError() {
        CliRun run = new CliRun(env());
        assertThat(run.run("send-channel", "--from", "a", "--channel", "c", "--payload", "x", "--journal", "j")).isEqualTo(2);
        assertThat(CliTest.oneErrorLine(run)).isEqualTo("error: --journal applies only with --channel-file "
                + "(see: rtm send-channel --help)");
    }

    @Test
    void fleetSizeWithoutARedisUrlIsAUsageError() throws Exception {
        CliRun run = new CliRun(env());
        assertThat(run.run("send-peer", "--from", "news", "--to-file", users(2).toString(), "--payload", "x",
                "--fleet-size", "4")).isEqualTo(2);
        assertThat(CliTest.oneErrorLine(run)).isEqualTo("error: --fleet-size applies only with --redis-url (or RTM_REDIS_URL) "
                + "(see: rtm send-peer --help)");
        assertThat(accepted()).isEmpty();
    }

    @Test
    void aMaxInFlightBelowOneIsAUsageError() throws Exception {
        CliRun run = new CliRun(env());
        assertThat(run.run("send-peer", "--from", "news", "--to-file", users(2).toString(), "--payload", "x",
                "--max-in-flight", "0")).isEqualTo(2);
        assertThat(CliTest.oneErrorLine(run)).isEqualTo("error: --max-in-flight must be at least 1, got 0 (see: rtm send-peer --help)");
    }
}
