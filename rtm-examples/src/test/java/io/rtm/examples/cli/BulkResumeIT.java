package io.rtm.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtm.emulator.AcceptedMessage;
import io.rtm.emulator.Faults;
import io.rtm.emulator.RtmEmulator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bulk send killed with {@code kill -9} ({@link Process#destroyForcibly()} is SIGKILL on Linux) and started again with
 * the same command and journal: every recipient gets the message, none the journal confirmed before the kill gets it
 * again, and duplicates happen only among the recipients in flight at the kill (the journal's started-without-outcome
 * records). The shaded {@code rtm.jar} in separate JVMs, as a user runs it.
 */
class BulkResumeIT {

    private static final String JAR = System.getProperty("rtm.jar", "");
    private static final int RECIPIENTS = 1_500;
    private static RtmEmulator emulator;
    private static final ExecutorService READERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "bulk-resume-it-reader");
        t.setDaemon(true);
        return t;
    });

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        Assumptions.assumeFalse(JAR.isEmpty(), "no rtm.jar system property: run by failsafe (mvn verify)");
        emulator = RtmEmulator.builder().app(CliTest.APP).recordLimit(100_000).start();
    }

    @AfterAll
    static void stop() {
        if (emulator != null) {
            emulator.close();
        }
        READERS.shutdownNow();
    }

    private ProcessBuilder sendPeer(Path users, Path journal) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-jar", Path.of(JAR).toAbsolutePath().toString(), "send-peer",
                "--from", "news", "--to-file", users.toString(), "--payload", "release 1.0", "--journal", journal.toString());
        pb.environment().keySet().removeIf(k -> k.startsWith("RTM_"));
        pb.environment().putAll(CliTest.env(emulator));
        return pb;
    }

    @Test
    void killedWithKill9AndStartedAgainWithItsJournalEveryoneGetsItAndOnlyThoseInFlightMayGetItTwice() throws Exception {
        // 200 ms of service latency: about a hundred messages are in flight at any moment, so the kill catches some
        emulator.reset();
        emulator.faults(CliTest.APP.appId(), Faults.builder().latency(Duration.ofMillis(200)).seed(1).build());
        Path users = Files.write(dir.resolve("users.txt"), IntStream.range(0, RECIPIENTS).mapToObj(i -> "user-" + i).toList());
        Path journal = dir.resolve("news.journal");

        Process first = sendPeer(users, journal).start();
        CompletableFuture<String> firstErr = drain(first.getErrorStream());
        drain(first.getInputStream());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (accepted().size() < 300 && System.nanoTime() < deadline && first.isAlive()) {
            Thread.sleep(2);
        }
        assertThat(first.isAlive()).as("still sending when killed: " + firstErr.getNow("")).isTrue();
        first.destroyForcibly(); // SIGKILL: no shutdown hook, no flush, no close
        assertThat(first.waitFor(20, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(500); // what was already at the service completes there (200 ms latency)

        // what the journal says at the kill
        BitSet confirmed = new BitSet();
        BitSet inFlight = new BitSet();
        BitSet failedMaybeReached = new BitSet();
        List<String> records = Files.readAllLines(journal, StandardCharsets.US_ASCII);
        assertThat(records.get(0)).startsWith("rtm-bulk-journal 1 kind=peer;message=");
        for (String r : records.subList(1, records.size())) {
            String[] f = r.split(" ");
            int i = Integer.parseInt(f[1]);
            switch (f[0]) {
                case "s" -> inFlight.set(i);
                case "o" -> {
                    inFlight.clear(i);
                    confirmed.set(i);
                }
                case "f" -> {
                    inFlight.clear(i);
                    if (f[3].equals("m")) {
                        failedMaybeReached.set(i);
                    }
                }
                default -> throw new AssertionError("not a record: " + r);
            }
        }
        Map<String, Long> atKill = counts();
        assertThat(confirmed.cardinality()).as("the first run confirmed some").isPositive();
        confirmed.stream().forEach(i -> assertThat(atKill).as("confirmed means sent").containsKey("user-" + i));

        Process second = sendPeer(users, journal).start();
        CompletableFuture<String> out = drain(second.getInputStream());
        CompletableFuture<String> err = drain(second.getErrorStream());
        assertThat(second.waitFor(120, TimeUnit.SECONDS)).as("the second run finished").isTrue();
        assertThat(second.exitValue()).as(err.get(10, TimeUnit.SECONDS)).isEqualTo(0);
        Map<String, String> summary = CliBulkTest.fields(out.get(10, TimeUnit.SECONDS).strip());
        assertThat(summary).containsEntry("total", Integer.toString(RECIPIENTS))
                .containsEntry("skipped", Integer.toString(confirmed.cardinality()))
                .containsEntry("failed", "0").containsEntry("not_sent", "0");
        BitSet ambiguous = (BitSet) inFlight.clone();
        ambiguous.or(failedMaybeReached);
        assertThat(summary.get("ambiguous")).isEqualTo(Integer.toString(ambiguous.cardinality()));
        assertThat(err.get(10, TimeUnit.SECONDS)).startsWith("note: resuming from --journal " + journal + ": "
                + confirmed.cardinality() + " of " + RECIPIENTS + " recipients were confirmed by an earlier run and are skipped");

        Map<String, Long> total = counts();
        assertThat(total).as("every recipient got it").hasSize(RECIPIENTS);
        List<Integer> twice = new ArrayList<>();
        for (int i = 0; i < RECIPIENTS; i++) {
            long n = total.get("user-" + i);
            assertThat(n).as("user-%d", i).isBetween(1L, 2L);
            if (n == 2) {
                twice.add(i);
            }
        }
        confirmed.stream().forEach(i -> assertThat(total.get("user-" + i)).as("confirmed before the kill: never again").isOne());
        assertThat(twice).as("duplicates only among those in flight at the kill").allMatch(ambiguous::get);
        System.out.printf("kill -9 at %d accepted: %d confirmed in the journal, %d in flight; the second run skipped %s, sent "
                + "%s again as ambiguous, %d recipients got it twice%n", atKill.values().stream().mapToLong(Long::longValue).sum(),
                confirmed.cardinality(), inFlight.cardinality(), summary.get("skipped"), summary.get("ambiguous"), twice.size());
    }

    private static List<AcceptedMessage> accepted() {
        return emulator.accepted(CliTest.APP.appId());
    }

    private static Map<String, Long> counts() {
        return accepted().stream().collect(Collectors.groupingBy(AcceptedMessage::to, Collectors.counting()));
    }

    private static CompletableFuture<String> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "<unreadable: " + e + ">";
            }
        }, READERS);
    }
}
