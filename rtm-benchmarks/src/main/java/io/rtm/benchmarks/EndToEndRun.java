package io.rtm.benchmarks;

import io.rtm.core.PeerMessage;
import io.rtm.emulator.RtmEmulator;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The end-to-end comparison, interleaved for a noisy machine: one emulator, the SDK client and the raw HttpClient 5
 * baseline both alive in one JVM, measured in alternating legs (ABBA order: raw, sdk, sdk, raw, ...) so that a change
 * in the machine's background load hits both sides alike. Each leg keeps {@code --in-flight} requests in flight for
 * {@code --seconds}, then drains. Per leg: throughput (200 replies per second), client CPU per request, p50/p99
 * latency; per round: the SDK/baseline ratios; at the end: the medians of the ratios.
 *
 * <p>Client CPU per request = CPU time ({@link ThreadMXBean#getThreadCpuTime}) of the active client's threads
 * ({@code rtm-httpclient-io-*} and {@code rtm-scheduler-*} for the SDK, {@code raw-httpclient-io-*} for the
 * baseline) plus the driver thread (which, for the SDK, validates, encodes and runs the pipeline), divided by the
 * requests completed in the leg. The emulator's Jetty threads ({@code rtm-emulator*}), GC and JIT are not counted.
 *
 * <pre>java -cp target/benchmarks.jar io.rtm.benchmarks.EndToEndRun --rounds 6 --seconds 4</pre>
 */
public final class EndToEndRun {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /**
     * One leg.
     *
     * @param client      {@code sdk} or {@code raw}
     * @param throughput  200 replies per second
     * @param cpuMicros   client CPU per request, microseconds
     * @param p50Micros   median latency
     * @param p99Micros   99th percentile latency
     * @param emulatorCpu emulator CPU per request, microseconds
     */
    public record Leg(String client, double throughput, double cpuMicros, double p50Micros, double p99Micros,
                      double emulatorCpu) {
    }

    private EndToEndRun() {
    }

    /** Runs the comparison; {@code --rounds}, {@code --seconds}, {@code --warmup}, {@code --in-flight}, {@code --payload}. */
    public static void main(String[] args) throws InterruptedException {
        int rounds = 6;
        int seconds = 4;
        int warmup = 12;
        int inFlight = 64;
        int payload = 1024;
        String only = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--in-flight" -> inFlight = Integer.parseInt(args[++i]);
                case "--payload" -> payload = Integer.parseInt(args[++i]);
                case "--only" -> only = args[++i];
                default -> {
                    System.err.println("usage: EndToEndRun [--rounds N] [--seconds S] [--warmup S] [--in-flight N] [--payload BYTES] [--only sdk|raw]");
                    System.exit(2);
                }
            }
        }
        if (only != null) {
            // one side only, for profiling it alone (e.g. under -XX:StartFlightRecording)
            for (Leg l : runOnly(only, rounds * seconds * 1000L, warmup * 1000L, inFlight, payload)) {
                System.out.println(l);
            }
            return;
        }
        List<Leg[]> results = run(rounds, seconds * 1000L, warmup * 1000L, inFlight, payload);
        print(results, System.out);
    }

    /** Warms up and measures one side only: {warm-up leg, measured leg}. */
    public static List<Leg> runOnly(String side, long millis, long warmupMillis, int inFlight, int payload)
            throws InterruptedException {
        try (RtmEmulator emulator = RtmEmulator.builder().rateLimitPerSecond(1_000_000).start()) {
            PeerMessage message = Fixtures.peer(payload);
            boolean sdk = side.equals("sdk");
            Predicate<String> threads = sdk ? n -> n.startsWith("rtm-httpclient-io-") || n.startsWith("rtm-scheduler-")
                    : n -> n.startsWith(RawHttpClient5.THREAD_PREFIX);
            try (LoadDriver driver = sdk ? LoadDriver.sdk(EndToEndBenchmark.sdkClient(emulator).buildAsync(), message, inFlight)
                    : LoadDriver.raw(new RawHttpClient5(EndToEndBenchmark.captureSdkRequest(emulator, message)), inFlight)) {
                return List.of(leg(side, driver, threads, warmupMillis), leg(side, driver, threads, millis));
            }
        }
    }

    /** Runs warm-up then {@code rounds} pairs of legs; returns {raw, sdk} per round. */
    public static List<Leg[]> run(int rounds, long legMillis, long warmupMillis, int inFlight, int payload)
            throws InterruptedException {
        if (!THREADS.isThreadCpuTimeEnabled()) {
            THREADS.setThreadCpuTimeEnabled(true);
        }
        List<Leg[]> out = new ArrayList<>();
        try (RtmEmulator emulator = RtmEmulator.builder().rateLimitPerSecond(1_000_000).start()) {
            PeerMessage message = Fixtures.peer(payload);
            Map<String, LoadDriver> drivers = new LinkedHashMap<>();
            Map<String, Predicate<String>> threads = new LinkedHashMap<>();
            drivers.put("raw", LoadDriver.raw(new RawHttpClient5(EndToEndBenchmark.captureSdkRequest(emulator, message)), inFlight));
            threads.put("raw", n -> n.startsWith(RawHttpClient5.THREAD_PREFIX));
            drivers.put("sdk", LoadDriver.sdk(EndToEndBenchmark.sdkClient(emulator).buildAsync(), message, inFlight));
            threads.put("sdk", n -> n.startsWith("rtm-httpclient-io-") || n.startsWith("rtm-scheduler-"));
            try {
                for (long done = 0; done < warmupMillis; done += 2000) {
                    for (String c : drivers.keySet()) {
                        leg(c, drivers.get(c), threads.get(c), Math.min(2000, warmupMillis - done));
                    }
                }
                for (int r = 0; r < rounds; r++) {
                    List<String> order = r % 2 == 0 ? List.of("raw", "sdk") : List.of("sdk", "raw");
                    Leg[] pair = new Leg[2];
                    for (String c : order) {
                        pair[c.equals("raw") ? 0 : 1] = leg(c, drivers.get(c), threads.get(c), legMillis);
                    }
                    out.add(pair);
                }
            } finally {
                long failures = 0;
                for (LoadDriver d : drivers.values()) {
                    d.close();
                    failures += d.failures();
                }
                if (failures > 0 || emulator.unexpectedErrors() > 0) {
                    throw new IllegalStateException("run not clean: " + failures + " failed requests, "
                            + emulator.unexpectedErrors() + " emulator errors, statuses "
                            + emulator.stats(emulator.app().appId()).byStatus());
                }
            }
        }
        return out;
    }

    private static Leg leg(String client, LoadDriver driver, Predicate<String> clientThreads, long millis)
            throws InterruptedException {
        LatencyRecorder.INSTANCE.reset();
        long cpu0 = cpu(clientThreads) + THREADS.getCurrentThreadCpuTime();
        long emu0 = cpu(n -> n.startsWith("rtm-emulator"));
        long done0 = driver.completed();
        long t0 = System.nanoTime();
        long end = t0 + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < end) {
            driver.sendOne();
        }
        long t1 = System.nanoTime();
        long ops = driver.completed() - done0;
        long cpu = cpu(clientThreads) + THREADS.getCurrentThreadCpuTime() - cpu0;
        long emu = cpu(n -> n.startsWith("rtm-emulator")) - emu0;
        LatencyRecorder.Stats latency = LatencyRecorder.INSTANCE.stop();
        if (!driver.drain(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException(client + ": requests did not complete");
        }
        double perOp = Math.max(1, ops);
        return new Leg(client, ops / ((t1 - t0) / 1e9), cpu / 1e3 / perOp, latency.p50() / 1e3, latency.p99() / 1e3,
                emu / 1e3 / perOp);
    }

    /** CPU nanoseconds used so far by the live threads whose names match. */
    private static long cpu(Predicate<String> names) {
        long sum = 0;
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info != null && names.test(info.getThreadName())) {
                long t = THREADS.getThreadCpuTime(info.getThreadId());
                if (t > 0) {
                    sum += t;
                }
            }
        }
        return sum;
    }

    /** Prints every leg, the per-round ratios and their medians. */
    static void print(List<Leg[]> results, PrintStream out) {
        out.printf(Locale.ROOT, "%5s %-4s %10s %12s %9s %9s %13s%n", "round", "side", "req/s", "client us/req", "p50 ms",
                "p99 ms", "emulator us/req");
        List<Double> tput = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        List<Double> p99 = new ArrayList<>();
        List<Double> p50 = new ArrayList<>();
        for (int r = 0; r < results.size(); r++) {
            for (Leg l : results.get(r)) {
                out.printf(Locale.ROOT, "%5d %-4s %10.0f %12.1f %9.2f %9.2f %13.1f%n", r + 1, l.client(), l.throughput(),
                        l.cpuMicros(), l.p50Micros() / 1e3, l.p99Micros() / 1e3, l.emulatorCpu());
            }
            Leg raw = results.get(r)[0];
            Leg sdk = results.get(r)[1];
            tput.add(sdk.throughput() / raw.throughput());
            cpu.add(sdk.cpuMicros() / raw.cpuMicros());
            p50.add(sdk.p50Micros() / raw.p50Micros());
            p99.add(sdk.p99Micros() / raw.p99Micros());
        }
        out.printf(Locale.ROOT, "median SDK/baseline ratios over %d rounds: throughput %.3f, client CPU/req %.3f, p50 %.3f, p99 %.3f%n",
                results.size(), StartupRun.median(tput), StartupRun.median(cpu), StartupRun.median(p50), StartupRun.median(p99));
        out.printf(Locale.ROOT, "median absolute: raw %.0f req/s %.1f us/req p99 %.2f ms | sdk %.0f req/s %.1f us/req p99 %.2f ms%n",
                StartupRun.median(results.stream().map(p -> p[0].throughput()).toList()),
                StartupRun.median(results.stream().map(p -> p[0].cpuMicros()).toList()),
                StartupRun.median(results.stream().map(p -> p[0].p99Micros() / 1e3).toList()),
                StartupRun.median(results.stream().map(p -> p[1].throughput()).toList()),
                StartupRun.median(results.stream().map(p -> p[1].cpuMicros()).toList()),
                StartupRun.median(results.stream().map(p -> p[1].p99Micros() / 1e3).toList()));
    }
}
