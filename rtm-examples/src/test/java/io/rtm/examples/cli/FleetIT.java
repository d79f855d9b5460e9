package io.rtm.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtm.emulator.AcceptedMessage;
import io.rtm.emulator.Faults;
import io.rtm.emulator.RtmEmulator;
import io.rtm.ratelimit.redis.TestRedis;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Separate {@code rtm.jar} processes sharing one App ID's quota through one real {@code redis-server}
 * ({@code --redis-url}), against the emulator's strict 500/s sliding window with 50 ms of service latency: together
 * they get no 429 (each on its own limiter, four of them got thousands), and when Redis stops mid-run they go on at
 * their local share: no call hangs, nothing escapes, every recipient is sent.
 *
 * <p>This shared 2-core build machine stalls processes for tens of milliseconds at times, so the processes get the
 * allowances the Redis limiter's own tests use ({@code RTM_REDIS_ROUND_TRIP_TIMEOUT_MS=1000},
 * {@code RTM_REDIS_MAX_LATENESS_MS=10});
 * quota use is asserted loosely here, and measured in BENCHMARKS.md (FleetRun).
 */
class FleetIT {

    private static final String JAR = System.getProperty("rtm.jar", "");
    private static RtmEmulator emulator;
    private static final ExecutorService READERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fleet-it-reader");
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

    @BeforeEach
    void reset() {
        emulator.reset();
        emulator.faults(CliTest.APP.appId(), Faults.builder().latency(Duration.ofMillis(50)).seed(1).build());
    }

    /** One process's run: its exit code, stdout and stderr. */
    private record Run(int exitCode, String out, String err) {
    }

    private ProcessBuilder sendPeer(Path users, String redisUrl, int fleet, Duration roundTripTimeout) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-jar", Path.of(JAR).toAbsolutePath().toString(), "send-peer",
                "--from", "news", "--to-file", users.toString(), "--payload", "release 1.0", "--redis-url", redisUrl,
                "--fleet-size", Integer.toString(fleet), "--timeout", "120");
        pb.environment().keySet().removeIf(k -> k.startsWith("RTM_"));
        pb.environment().putAll(CliTest.env(emulator));
        pb.environment().put("RTM_REDIS_ROUND_TRIP_TIMEOUT_MS", Long.toString(roundTripTimeout.toMillis()));
        pb.environment().put("RTM_REDIS_MAX_LATENESS_MS", "10");
        return pb;
    }

    private List<Path> userFiles(int processes, int each) throws IOException {
        List<Path> files = new ArrayList<>();
        for (int p = 0; p < processes; p++) {
            int process = p;
            files.add(Files.write(dir.resolve("users-" + p + ".txt"),
                    IntStream.range(0, each).mapToObj(i -> "user-" + process + "-" + i).toList()));
        }
        return files;
    }

    private List<Process> startAll(List<Path> files, String redisUrl) throws IOException, InterruptedException {
        return startAll(files, redisUrl, Duration.ZERO, Duration.ofSeconds(1));
    }

    /** Starts one process per file, {@code apart} from each other (a rolling deploy adds pods one after another). */
    private List<Process> startAll(List<Path> files, String redisUrl, Duration apart, Duration roundTripTimeout)
            throws IOException, InterruptedException {
        List<Process> processes = new ArrayList<>();
        for (Path f : files) {
            if (!processes.isEmpty()) {
                Thread.sleep(apart.toMillis());
            }
            processes.add(sendPeer(f, redisUrl, files.size(), roundTripTimeout).start());
        }
        return processes;
    }

    private List<Run> awaitAll(List<Process> processes) throws Exception {
        List<CompletableFuture<String>> outs = new ArrayList<>();
        List<CompletableFuture<String>> errs = new ArrayList<>();
        for (Process p : processes) {
            outs.add(drain(p.getInputStream()));
            errs.add(drain(p.getErrorStream()));
        }
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < processes.size(); i++) {
            Process p = processes.get(i);
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("process %d finished: no call hangs", i).isTrue();
            runs.add(new Run(p.exitValue(), outs.get(i).get(10, TimeUnit.SECONDS), errs.get(i).get(10, TimeUnit.SECONDS)));
        }
        return runs;
    }

    /** Accepted per second between the first and the last accept at the emulator. */
    private static double serviceRate(List<AcceptedMessage> accepted) {
        List<AcceptedMessage> sorted = new ArrayList<>(accepted);
        sorted.sort(Comparator.comparing(AcceptedMessage::sentAt));
        double seconds = Duration.between(sorted.get(0).sentAt(), sorted.get(sorted.size() - 1).sentAt()).toNanos() / 1e9;
        return (sorted.size() - 1) / seconds;
    }

    /**
     * {@code processes} rtm.jar processes sending {@code each} messages through one Redis; with {@code strict}, Redis
     * must never be taken for lost and the emulator must see at most 5 429s and at least {@code minShare} of the quota.
     */
    private void fleetSharesTheQuota(int processes, int each, Duration apart, boolean strict, double minShare) throws Exception {
        try (TestRedis redis = TestRedis.start()) {
            List<Run> runs = awaitAll(startAll(userFiles(processes, each), redis.uri(), apart, Duration.ofSeconds(1)));
            for (Run r : runs) {
                assertThat(r.exitCode()).as(r.err()).isEqualTo(0);
                assertThat(CliBulkTest.fields(r.out().strip())).containsEntry("total", Integer.toString(each))
                        .containsEntry("failed", "0");
                assertThat(r.err()).as("nothing escapes").doesNotContain("Exception in thread").doesNotContain("\tat ");
                if (strict) {
                    assertThat(r.err()).as("no process took Redis for lost").doesNotContain("Fleet rate limiter: Redis at");
                }
            }
            List<AcceptedMessage> accepted = emulator.accepted(CliTest.APP.appId());
            long rate429 = emulator.stats(CliTest.APP.appId()).status(429);
            double rate = serviceRate(accepted);
            System.out.printf("fleet of %d rtm processes started %d ms apart through one Redis, %d recipients each, 50 ms "
                    + "latency: %d accepted, %.1f/s = %.1f%% of the quota, %d x 429%n", processes, apart.toMillis(), each,
                    accepted.size(), rate, rate / 5, rate429);
            assertThat(accepted).hasSize(processes * each);
            assertThat(accepted.stream().map(AcceptedMessage::to).distinct()).hasSize(processes * each);
            if (strict) {
                // 0 in most runs; a call starved for seconds on this 2-core machine can still meet a full window (each is
                // retried); four processes on their own limiters get about 1,600 (BENCHMARKS.md section 5b)
                assertThat(rate429).as("429s at the emulator").isLessThanOrEqualTo(5);
                assertThat(rate).as("quota use (loose: a loaded build machine)").isGreaterThan(minShare * 500);
            }
        }
    }

    @Test
    void fourProcessesStartedTogetherThroughOneRedisShareTheQuotaWithoutA429() throws Exception {
        fleetSharesTheQuota(4, 1_500, Duration.ZERO, true, 0.65);
    }

    /**
     * Eight processes joining one after another, as a rolling deploy adds pods: every recipient gets the message exactly
     * once and nothing escapes. Their quota use and 429s are printed, not asserted: eight JVMs, the emulator and Redis
     * on this 2-core machine (load average over 10) delay Redis round trips past a second at times, which the limiter
     * rightly takes for an outage (local share, a few 429s by design); measured 0-1 x 429 in most runs. The fleet's
     * 0 x 429 with eight processes is measured warm in BENCHMARKS.md section 5b.
     */
    @Test
    void eightProcessesJoiningOneAfterAnotherThroughOneRedisDeliverEveryMessageExactlyOnce() throws Exception {
        fleetSharesTheQuota(8, 750, Duration.ofMillis(500), false, 0);
    }

    @Test
    void redisStoppedMidRunTheFleetGoesOnAtItsLocalShareAndEveryRecipientIsSent() throws Exception {
        try (TestRedis redis = TestRedis.start()) {
            List<Process> processes = startAll(userFiles(2, 1_500), redis.uri());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (emulator.accepted(CliTest.APP.appId()).size() < 600 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            redis.stop();
            long stoppedAt = System.nanoTime();
            int acceptedAtStop = emulator.accepted(CliTest.APP.appId()).size();
            List<Run> runs = awaitAll(processes);
            double afterStop = (System.nanoTime() - stoppedAt) / 1e9;
            for (Run r : runs) {
                assertThat(r.exitCode()).as(r.err()).isEqualTo(0);
                assertThat(CliBulkTest.fields(r.out().strip())).containsEntry("total", "1500").containsEntry("failed", "0")
                        .containsEntry("not_sent", "0");
                assertThat(r.err()).as("the outage is said once, and nothing escapes")
                        .contains("Fleet rate limiter: Redis at 127.0.0.1:").doesNotContain("Exception in thread")
                        .doesNotContain("\tat ");
            }
            Map<String, Long> times = emulator.accepted(CliTest.APP.appId()).stream()
                    .collect(Collectors.groupingBy(AcceptedMessage::to, Collectors.counting()));
            assertThat(times).as("every recipient sent").hasSize(3_000);
            assertThat(times.values()).as("each once").allMatch(n -> n == 1);
            System.out.printf("Redis stopped after %d accepts; the rest (%d) took %.1f s at the local share (2 x 250/s); "
                    + "%d x 429 during the switch%n", acceptedAtStop, 3_000 - acceptedAtStop, afterStop,
                    emulator.stats(CliTest.APP.appId()).status(429));
        }
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
