package io.rtm.ratelimit.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A fleet of 4 separate JVM processes (each its own limiter, client and clock) sharing one Redis, each sending as
 * fast as allowed for 3 s: the union of their grants, on Redis's clock, never exceeds the quota in any one-second window
 * and reaches at least 95% of it. (Their sends' arrival times at Redis are printed too: they add this machine's
 * stalls between a grant and its send, which the margin absorbs but a loaded build box can push to the limit.)
 */
class FleetProcessesTest {

    private static long[] sorted(List<String> micros) {
        return micros.stream().mapToLong(Long::parseLong).sorted().toArray();
    }

    private static long span(long[] sorted) {
        return sorted[sorted.length - 1] - sorted[0];
    }

    private static double mean(long[] sorted) {
        return (sorted.length - 1) * 1e6 / span(sorted);
    }

    private static final int PROCESSES = 4;
    private static final int QUOTA = 500;
    private static final long SECOND_MICROS = 1_000_000;

    @Test
    void fourProcessesTogetherStayWithinTheQuotaInEveryOneSecondWindowAndReach95PercentOfIt() throws Exception {
        try (TestRedis redis = TestRedis.start()) {
            String java = ProcessHandle.current().info().command().orElse("java");
            String classpath = System.getProperty("java.class.path");
            Path logs = Files.createDirectories(Path.of("target", "fleet-workers"));
            List<Process> workers = new ArrayList<>();
            for (int i = 0; i < PROCESSES; i++) {
                File log = logs.resolve("worker-" + i + ".txt").toFile();
                workers.add(new ProcessBuilder(java, "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp", classpath,
                        FleetWorker.class.getName(), redis.uri(), "app:peer", "arrivals", "3000")
                        .redirectErrorStream(true).redirectOutput(log).start());
            }
            RedisClient client = redis.client();
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                RedisCommands<String, String> commands = connection.sync();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!String.valueOf(PROCESSES).equals(commands.get(FleetWorker.READY))) {
                    assertThat(System.nanoTime()).as("all workers ready within 60 s").isLessThan(deadline);
                    assertThat(workers).allMatch(Process::isAlive);
                    Thread.sleep(10);
                }
                commands.set(FleetWorker.GO, "1");
                for (Process worker : workers) {
                    assertThat(worker.waitFor(60, TimeUnit.SECONDS)).as("worker finished").isTrue();
                    assertThat(worker.exitValue()).isZero();
                }
                List<String> results = new ArrayList<>();
                for (int i = 0; i < PROCESSES; i++) {
                    List<String> lines = Files.readAllLines(logs.resolve("worker-" + i + ".txt"));
                    results.add(lines.stream().filter(l -> l.startsWith("grants=")).findFirst().orElse("no result: " + lines));
                }
                long[] grants = sorted(commands.lrange(FleetWorker.GRANTS, 0, -1));
                long[] arrivals = sorted(commands.lrange("arrivals", 0, -1));
                int busiest = ServiceRecorder.maxInAnyWindow(grants, SECOND_MICROS);
                results.forEach(System.out::println);
                System.out.printf("fleet of %d processes: %d grants in %.2f s, busiest one-second window %d (%.1f%% of the quota), "
                        + "mean %.1f/s (%.1f%%); the same sends on arrival at Redis: busiest window %d%n", PROCESSES, grants.length,
                        span(grants) / 1e6, busiest, busiest * 100.0 / QUOTA, mean(grants), mean(grants) * 100 / QUOTA,
                        ServiceRecorder.maxInAnyWindow(arrivals, SECOND_MICROS));

                assertThat(results).allMatch(r -> r.startsWith("grants=") && !r.startsWith("grants=0 ") && r.contains(" unexpectedFailures=0 "));
                assertThat(arrivals).hasSameSizeAs(grants);
                assertThat(busiest).as("the most grants in any one-second window of Redis time").isLessThanOrEqualTo(QUOTA);
                assertThat(busiest).as("the fleet reaches at least 95% of the quota").isGreaterThanOrEqualTo(475);
            } finally {
                client.shutdown();
                workers.forEach(Process::destroyForcibly);
            }
        }
    }
}
