package io.rtm.benchmarks;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.rtm.core.Credentials;
import io.rtm.core.PeerMessage;
import io.rtm.core.RateLimit;
import io.rtm.core.Rtm;
import io.rtm.core.RtmAsyncClient;
import io.rtm.core.RtmBuilder;
import io.rtm.core.bulk.BulkSender;
import io.rtm.core.bulk.BulkSummary;
import io.rtm.emulator.AcceptedMessage;
import io.rtm.emulator.AppStats;
import io.rtm.emulator.EmulatorApp;
import io.rtm.emulator.Faults;
import io.rtm.emulator.RtmEmulator;
import io.rtm.ratelimit.redis.RedisRateLimiter;
import io.rtm.ratelimit.redis.TestRedis;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;

/**
 * The fleet harness: {@code N} separate JVM processes send peer messages under ONE App ID for {@code --seconds}, each
 * through a {@link BulkSender} (automatic in-flight) and a {@link RedisRateLimiter} on one real {@code redis-server},
 * to one {@link RtmEmulator} (in this process) enforcing the strict 500/s sliding window with {@code --latency} of
 * service latency. For each fleet size it prints the fleet's quota use (accepted per second between the first and the
 * last accept at the emulator), the emulator's 429s, the busiest one-second window, Redis round trips per permit
 * ({@code INFO commandstats}: script runs over permits) and the workers' CPU per message. {@code --local} puts every
 * process on its own local limiter instead (no Redis): the baseline, one process for the CPU figure, several for what
 * a fleet without a shared limiter gets.
 *
 * <pre>java -cp target/benchmarks.jar io.rtm.benchmarks.FleetRun --processes 1,2,4,8 --seconds 10 --latency 50</pre>
 *
 * Workers are this class's {@code worker} mode in child JVMs ({@code -Xmx256m}) on this JVM's class path; they start,
 * warm up (a few sends on a key of their own), say they are ready in Redis, and start together on a go.
 */
public final class FleetRun {

    private static final String READY = "fleetrun:ready";
    /** Limiter settings handed to the workers as system properties (the limiter's defaults when absent). */
    private static final String ROUND_TRIP = "fleetrun.round-trip-timeout-ms";
    private static final String LATENESS = "fleetrun.max-lateness-ms";
    private static final String GUARD = "fleetrun.window-guard";
    private static final String GO = "fleetrun:go";

    private FleetRun() {
    }

    /**
     * What one fleet size measured.
     *
     * @param processes      JVMs in the fleet
     * @param local          whether each process had its own local limiter (no Redis)
     * @param accepted       HTTP 200 at the emulator
     * @param rejected429    HTTP 429 at the emulator
     * @param serviceRate    accepted per second between the first and last accept
     * @param busiestWindow  most accepts in any one second
     * @param scriptRuns     Redis script runs (EVALSHA + EVAL) during the run
     * @param permits        permits granted from Redis (the workers' stats)
     * @param cpuNanosPerMessage the workers' CPU time (whole process) over the messages they sent
     * @param workerLines    each worker's result line
     */
    public record Result(int processes, boolean local, long accepted, long rejected429, double serviceRate, int busiestWindow,
                         long scriptRuns, long permits, double cpuNanosPerMessage, List<String> workerLines) {
        /** Quota use as a share of the 500/s quota. */
        public double share() {
            return serviceRate / 500;
        }

        /** Redis round trips per permit granted from Redis. */
        public double roundTripsPerPermit() {
            return permits == 0 ? 0 : (double) scriptRuns / permits;
        }
    }

    /** {@code --processes 1,2,4,8 --seconds 10 --latency 50 [--local]}, or {@code worker ...} (internal). */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("worker")) {
            worker(args);
            return;
        }
        int[] processes = {1, 2, 4, 8};
        int seconds = 10;
        long latency = 50;
        boolean local = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--round-trip-timeout-ms" -> System.setProperty(ROUND_TRIP, args[++i]);
                case "--max-lateness-ms" -> System.setProperty(LATENESS, args[++i]);
                case "--no-guard" -> System.setProperty(GUARD, "false");
                case "--processes" -> processes = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--latency" -> latency = Long.parseLong(args[++i]);
                case "--local" -> local = true;
                default -> {
                    System.err.println("usage: FleetRun [--processes N,N...] [--seconds S] [--latency MS] [--local] "
                            + "[--round-trip-timeout-ms MS] [--max-lateness-ms MS] [--no-guard]");
                    System.exit(2);
                }
            }
        }
        List<Result> results = new ArrayList<>();
        try (TestRedis redis = TestRedis.start(); RtmEmulator emulator = RtmEmulator.builder().recordLimit(2_000_000).start()) {
            for (int n : processes) {
                results.add(run(emulator, redis, n, local, seconds, Duration.ofMillis(latency), System.out));
            }
        }
        System.out.println();
        System.out.println("| processes | accepted | quota use | 429s | busiest 1-s window | Redis round trips / permit | worker CPU / message |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (Result r : results) {
            System.out.printf(Locale.ROOT, "| %s | %,d | %.2f %% | %d | %d | %.3f | %.1f µs |%n",
                    r.processes() + (r.local() ? " (local limiters)" : ""), r.accepted(), 100 * r.share(),
                    r.rejected429(), r.busiestWindow(), r.roundTripsPerPermit(), r.cpuNanosPerMessage() / 1000);
        }
    }

    /** One fleet size: {@code processes} workers, each on Redis or ({@code local}) on its own local limiter. */
    static Result run(RtmEmulator emulator, TestRedis redis, int processes, boolean local, int seconds, Duration latency,
                      PrintStream log) throws Exception {
        emulator.reset();
        EmulatorApp app = emulator.app();
        if (!latency.isZero()) {
            emulator.faults(app.appId(), Faults.builder().latency(latency).seed(1).build());
        }
        int workers = processes;
        RedisClient client = RedisClient.create(RedisURI.create(redis.uri()));
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> commands = connection.sync();
            commands.flushall();
            commands.configResetstat();
            String java = ProcessHandle.current().info().command().orElse("java");
            String classpath = System.getProperty("java.class.path");
            Path logs = Files.createTempDirectory("fleetrun");
            List<Process> children = new ArrayList<>();
            for (int i = 0; i < workers; i++) {
                File out = logs.resolve("worker-" + i + ".txt").toFile();
                List<String> command = new ArrayList<>(List.of(java, "-Xmx256m"));
                for (String p : List.of(ROUND_TRIP, LATENESS, GUARD)) {
                    if (System.getProperty(p) != null) {
                        command.add("-D" + p + "=" + System.getProperty(p));
                    }
                }
                command.addAll(List.of("-cp", classpath, FleetRun.class.getName(), "worker",
                        emulator.baseUri().toString(), app.appId(), app.apiKey(), app.apiSecret(), redis.uri(),
                        local ? "local" : "redis", Integer.toString(seconds), Integer.toString(workers)));
                children.add(new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out).start());
            }
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while (!String.valueOf(workers).equals(commands.get(READY))) {
                    if (System.nanoTime() > deadline || children.stream().anyMatch(p -> !p.isAlive())) {
                        throw new IllegalStateException("workers not ready: " + readAll(logs, workers));
                    }
                    Thread.sleep(10);
                }
                emulator.reset(); // the warm-up's sends and their windows are not part of the run
                if (!latency.isZero()) {
                    emulator.faults(app.appId(), Faults.builder().latency(latency).seed(1).build());
                }
                long scriptRunsBefore = scriptRuns(commands);
                commands.set(GO, "1");
                for (Process p : children) {
                    if (!p.waitFor(seconds + 120L, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("a worker did not finish: " + readAll(logs, workers));
                    }
                }
                long scripts = scriptRuns(commands) - scriptRunsBefore;
                List<String> lines = readAll(logs, workers);
                AppStats stats = emulator.stats(app.appId());
                List<AcceptedMessage> accepted = new ArrayList<>(emulator.accepted(app.appId()));
                accepted.sort(Comparator.comparing(AcceptedMessage::sentAt));
                double span = accepted.size() < 2 ? 0
                        : Duration.between(accepted.get(0).sentAt(), accepted.get(accepted.size() - 1).sentAt()).toNanos() / 1e9;
                long permits = 0;
                long messages = 0;
                long cpu = 0;
                for (String l : lines) {
                    permits += field(l, "redisGrants=");
                    messages += field(l, "messages=");
                    cpu += field(l, "cpuNanos=");
                }
                Result r = new Result(processes, local, stats.status(200), stats.status(429), span <= 0 ? 0 : (accepted.size() - 1) / span,
                        QuotaRun.busiestWindowOf(accepted), scripts, permits, messages == 0 ? 0 : (double) cpu / messages, lines);
                log.printf(Locale.ROOT, "fleet of %s, %d s at %d ms latency: accepted %d, %.1f/s = %.2f %% of the quota, 429s %d, "
                                + "busiest window %d, %d script runs for %d permits (%.3f per permit), worker CPU %.1f µs/message%n",
                        processes + (local ? " processes on local limiters" : " processes through Redis"), seconds,
                        latency.toMillis(), r.accepted(),
                        r.serviceRate(), 100 * r.share(), r.rejected429(), r.busiestWindow(), scripts, permits,
                        r.roundTripsPerPermit(), r.cpuNanosPerMessage() / 1000);
                lines.forEach(l -> log.println("  " + l));
                return r;
            } finally {
                children.forEach(Process::destroyForcibly);
            }
        } finally {
            client.shutdown();
        }
    }

    private static long scriptRuns(RedisCommands<String, String> commands) {
        long runs = 0;
        for (String line : commands.info("commandstats").split("\r?\n")) {
            if (line.startsWith("cmdstat_evalsha:") || line.startsWith("cmdstat_eval:")) {
                runs += Long.parseLong(line.replaceFirst("^cmdstat_\\w+:calls=(\\d+),.*", "$1"));
            }
        }
        return runs;
    }

    private static long field(String line, String name) {
        int at = line.indexOf(name);
        if (at < 0) {
            return 0;
        }
        int end = at + name.length();
        while (end < line.length() && Character.isDigit(line.charAt(end))) {
            end++;
        }
        return Long.parseLong(line.substring(at + name.length(), end));
    }

    private static List<String> readAll(Path logs, int workers) throws IOException {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            Path f = logs.resolve("worker-" + i + ".txt");
            List<String> lines = Files.exists(f) ? Files.readAllLines(f) : List.of();
            out.add(lines.stream().filter(l -> l.startsWith("worker ")).findFirst().orElse("no result: " + lines));
        }
        return out;
    }

    /** A worker: args endpoint appId key secret redisUri local|redis seconds fleetSize (Redis also carries the go). */
    private static void worker(String[] args) throws Exception {
        String endpoint = args[1];
        String appId = args[2];
        String redisUri = args[5];
        boolean local = args[6].equals("local");
        int seconds = Integer.parseInt(args[7]);
        int fleet = Integer.parseInt(args[8]);
        RedisRateLimiter.Builder fleetLimiter = RedisRateLimiter.builder().redisUri(redisUri).expectedFleetSize(fleet)
                .windowGuard(Boolean.parseBoolean(System.getProperty(GUARD, "true")));
        if (System.getProperty(ROUND_TRIP) != null) {
            fleetLimiter.roundTripTimeout(Duration.ofMillis(Long.parseLong(System.getProperty(ROUND_TRIP))));
        }
        if (System.getProperty(LATENESS) != null) {
            fleetLimiter.maxLateness(Duration.ofMillis(Long.parseLong(System.getProperty(LATENESS))));
        }
        RedisRateLimiter limiter = local ? null : fleetLimiter.build();
        RtmBuilder builder = Rtm.builder().endpoint(endpoint).appId(appId).credentials(Credentials.basic(args[3], args[4]))
                .rateLimit(RateLimit.defaults().withMaxWait(Duration.ofSeconds(30))).callTimeout(Duration.ofSeconds(60));
        if (limiter != null) {
            builder.rateLimiter(limiter);
        }
        try (RtmAsyncClient client = builder.buildAsync()) {
            PeerMessage template = Fixtures.peer(256);
            // warm up (connections, JIT, the script cache): 20 sends over a second, before the run's windows start (the
            // parent resets the emulator's windows and counts after every worker is ready)
            for (int i = 0; i < 20; i++) {
                client.sendPeer(template.toBuilder().to("warm-up-" + i).build()).get(30, TimeUnit.SECONDS);
                Thread.sleep(50);
            }
            awaitGo(redisUri);
            long cpuStart = ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO).toNanos();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            long pid = ProcessHandle.current().pid();
            Iterator<PeerMessage> source = new Iterator<>() {
                private long n;

                @Override
                public boolean hasNext() {
                    return System.nanoTime() < end;
                }

                @Override
                public PeerMessage next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    return template.toBuilder().to("u-" + pid + "-" + n++).build();
                }
            };
            BulkSummary s = BulkSender.builder(client).build().sendPeers(source, null).get(seconds + 90L, TimeUnit.SECONDS);
            long cpu = ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO).toNanos() - cpuStart;
            System.out.println("worker pid=" + pid + " messages=" + s.total() + " sent=" + s.succeeded() + " failed=" + s.failed()
                    + " " + s.failuresByReason() + " peakInFlight=" + s.peakInFlight() + " cpuNanos=" + cpu
                    + (limiter == null ? "" : " redisGrants=" + limiter.stats().redisGrants() + " " + limiter.stats()));
        } finally {
            if (limiter != null) {
                limiter.close();
            }
        }
        System.exit(0);
    }

    private static void awaitGo(String redisUri) throws InterruptedException {
        RedisClient client = RedisClient.create(RedisURI.create(redisUri));
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            c.sync().incr(READY);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (c.sync().get(GO) == null) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no go within 120 s");
                }
                Thread.sleep(1);
            }
        } finally {
            client.shutdown();
        }
    }
}
