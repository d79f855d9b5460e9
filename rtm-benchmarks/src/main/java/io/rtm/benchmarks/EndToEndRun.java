package io.rtm.benchmarks;

import com.sun.management.OperatingSystemMXBean;
import io.rtm.core.PeerMessage;
import io.rtm.core.spi.HttpRequest;
import io.rtm.emulator.RtmEmulator;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The end-to-end comparison, interleaved for a noisy machine: one emulator and every client under test alive in one
 * JVM, measured in alternating legs (the order rotates and reverses every round) so that a change in the machine's
 * background load hits every side alike. Each leg keeps {@code --in-flight} requests in flight for {@code --seconds},
 * then drains. Sides ({@code --sides}, default {@code raw,sdk}):
 * <ul>
 *   <li>{@code raw}: Apache HttpClient 5 async by hand ({@link RawHttpClient5});</li>
 *   <li>{@code sdk}: the SDK client with its default transport (rtm-transport-httpclient);</li>
 *   <li>{@code jdk-raw}: {@code java.net.http.HttpClient} by hand ({@link RawJdkHttpClient});</li>
 *   <li>{@code jdk-sdk}: the SDK client on rtm-transport-jdk.</li>
 *   <li>{@code sdk-direct}: {@code sdk} with {@code completionExecutor(Runnable::run)}: futures completed on the thread
 *       that finished the call instead of the SDK's completion pool.</li>
 * </ul>
 * All send the same request (captured from the SDK) to the same emulator; the SDK clients run with no rate limit and
 * no retries. Per leg: throughput (200 replies per second), client CPU per request, p50/p99 latency.
 *
 * <p>Client CPU per request, two ways: {@code client}: the CPU time ({@link ThreadMXBean#getThreadCpuTime}) of the
 * threads the side started (found by diffing the JVM's threads around its construction and first requests: I/O
 * dispatchers, selector, executor, the SDK's timer) plus the driver thread (which, for the SDK, validates, encodes and
 * runs the pipeline); {@code proc-emu}: the process's CPU minus the emulator's threads ({@code rtm-emulator*}), which
 * adds GC, JIT, and short-lived threads a thread-by-thread count cannot see (on Java 17 with 2 cores,
 * {@code java.net.http} hands each finished exchange to a new thread). Both divided by the requests completed in
 * the leg.
 *
 * <pre>java -cp target/benchmarks.jar io.rtm.benchmarks.EndToEndRun --rounds 6 --seconds 4
 * java -cp target/benchmarks.jar io.rtm.benchmarks.EndToEndRun --sides raw,sdk,jdk-raw,jdk-sdk</pre>
 */
public final class EndToEndRun {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final OperatingSystemMXBean OS = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    /** SDK/baseline pairs reported as ratios when both sides ran. */
    private static final List<String[]> PAIRS = List.of(new String[] {"sdk", "raw"}, new String[] {"jdk-sdk", "jdk-raw"},
            new String[] {"jdk-raw", "raw"}, new String[] {"jdk-sdk", "sdk"}, new String[] {"sdk-direct", "raw"},
            new String[] {"sdk", "sdk-direct"});

    /**
     * One leg.
     *
     * @param side        the side
     * @param throughput  200 replies per second
     * @param cpuMicros   client CPU per request (the side's threads and the driver), microseconds
     * @param procMinusEmuMicros process CPU minus the emulator's threads, per request, microseconds
     * @param p50Micros   median latency
     * @param p99Micros   99th percentile latency
     */
    public record Leg(String side, double throughput, double cpuMicros, double procMinusEmuMicros, double p50Micros,
                      double p99Micros) {
    }

    /** A client under test: its driver and the threads it started. */
    private record Side(String name, LoadDriver driver, Set<Long> threads) {
    }

    private EndToEndRun() {
    }

    /** Runs the comparison; see the class comment for the options. */
    public static void main(String[] args) throws InterruptedException {
        int rounds = 6;
        int seconds = 4;
        int warmup = 12;
        int inFlight = 64;
        int payload = 1024;
        List<String> sides = List.of("raw", "sdk");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--in-flight" -> inFlight = Integer.parseInt(args[++i]);
                case "--payload" -> payload = Integer.parseInt(args[++i]);
                case "--sides" -> sides = Arrays.asList(args[++i].split(","));
                default -> {
                    System.err.println("usage: EndToEndRun [--rounds N] [--seconds S] [--warmup S] [--in-flight N] "
                            + "[--payload BYTES] [--sides raw,sdk,jdk-raw,jdk-sdk,sdk-direct]");
                    System.exit(2);
                }
            }
        }
        print(run(sides, rounds, seconds * 1000L, warmup * 1000L, inFlight, payload), System.out);
    }

    /** Runs warm-up then {@code rounds} rounds of one leg per side; returns the legs of each round by side. */
    public static List<Map<String, Leg>> run(List<String> sideNames, int rounds, long legMillis, long warmupMillis,
                                             int inFlight, int payload) throws InterruptedException {
        if (!THREADS.isThreadCpuTimeEnabled()) {
            THREADS.setThreadCpuTimeEnabled(true);
        }
        List<Map<String, Leg>> out = new ArrayList<>();
        try (RtmEmulator emulator = RtmEmulator.builder().rateLimitPerSecond(1_000_000).start()) {
            PeerMessage message = Fixtures.peer(payload);
            HttpRequest sdkRequest = EndToEndBenchmark.captureSdkRequest(emulator, message);
            List<Side> sides = new ArrayList<>();
            try {
                for (String name : sideNames) {
                    Set<Long> before = liveThreads();
                    LoadDriver driver = LoadDriver.create(name, emulator, message, sdkRequest, inFlight);
                    for (int i = 0; i < inFlight * 4; i++) {
                        driver.sendOne(); // opens the connections and starts any lazily started thread
                    }
                    driver.drain(30, TimeUnit.SECONDS);
                    Set<Long> started = liveThreads();
                    started.removeAll(before);
                    sides.add(new Side(name, driver, started));
                }
                for (long done = 0; done < warmupMillis; done += 2000) {
                    for (Side s : sides) {
                        leg(s, Math.min(2000, warmupMillis - done));
                    }
                }
                for (int r = 0; r < rounds; r++) {
                    List<Side> order = new ArrayList<>(sides);
                    java.util.Collections.rotate(order, r / 2);
                    if (r % 2 == 1) {
                        java.util.Collections.reverse(order);
                    }
                    Map<String, Leg> legs = new LinkedHashMap<>();
                    for (Side s : order) {
                        legs.put(s.name(), leg(s, legMillis));
                    }
                    out.add(legs);
                }
            } finally {
                long failures = 0;
                for (Side s : sides) {
                    s.driver().close();
                    failures += s.driver().failures();
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

    private static Leg leg(Side side, long millis) throws InterruptedException {
        LoadDriver driver = side.driver();
        LatencyRecorder.INSTANCE.reset();
        Predicate<String> emulatorThreads = n -> n.startsWith("rtm-emulator");
        long cpu0 = cpu(side.threads()) + THREADS.getCurrentThreadCpuTime();
        long proc0 = OS.getProcessCpuTime() - cpu(emulatorThreads);
        long done0 = driver.completed();
        long t0 = System.nanoTime();
        long end = t0 + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < end) {
            driver.sendOne();
        }
        long t1 = System.nanoTime();
        long ops = driver.completed() - done0;
        long cpu = cpu(side.threads()) + THREADS.getCurrentThreadCpuTime() - cpu0;
        long proc = OS.getProcessCpuTime() - cpu(emulatorThreads) - proc0;
        LatencyRecorder.Stats latency = LatencyRecorder.INSTANCE.stop();
        if (!driver.drain(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException(side.name() + ": requests did not complete");
        }
        double perOp = Math.max(1, ops);
        return new Leg(side.name(), ops / ((t1 - t0) / 1e9), cpu / 1e3 / perOp, proc / 1e3 / perOp,
                latency.p50() / 1e3, latency.p99() / 1e3);
    }

    private static Set<Long> liveThreads() {
        Set<Long> ids = new HashSet<>();
        for (long id : THREADS.getAllThreadIds()) {
            ids.add(id);
        }
        return ids;
    }

    /** CPU nanoseconds used so far by these threads (those still alive). */
    private static long cpu(Set<Long> ids) {
        long sum = 0;
        for (long id : ids) {
            long t = THREADS.getThreadCpuTime(id);
            if (t > 0) {
                sum += t;
            }
        }
        return sum;
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

    /** Prints every leg, per-side medians, and the median of each pair's per-round ratios. */
    static void print(List<Map<String, Leg>> results, PrintStream out) {
        out.printf(Locale.ROOT, "%5s %-8s %9s %13s %15s %8s %8s%n", "round", "side", "req/s", "client us/req",
                "proc-emu us/req", "p50 ms", "p99 ms");
        for (int r = 0; r < results.size(); r++) {
            for (Leg l : results.get(r).values()) {
                out.printf(Locale.ROOT, "%5d %-8s %9.0f %13.1f %15.1f %8.2f %8.2f%n", r + 1, l.side(), l.throughput(),
                        l.cpuMicros(), l.procMinusEmuMicros(), l.p50Micros() / 1e3, l.p99Micros() / 1e3);
            }
        }
        out.println("medians over " + results.size() + " rounds:");
        for (String side : results.get(0).keySet()) {
            out.printf(Locale.ROOT, "  %-8s %9.0f req/s %7.1f client us/req %7.1f proc-emu us/req  p50 %.2f ms  p99 %.2f ms%n",
                    side, median(results, side, Leg::throughput), median(results, side, Leg::cpuMicros),
                    median(results, side, Leg::procMinusEmuMicros), median(results, side, Leg::p50Micros) / 1e3,
                    median(results, side, Leg::p99Micros) / 1e3);
        }
        for (String[] pair : PAIRS) {
            if (!results.get(0).containsKey(pair[0]) || !results.get(0).containsKey(pair[1])) {
                continue;
            }
            out.printf(Locale.ROOT, "  %s / %s (median of per-round ratios): throughput %.3f, client CPU/req %.3f, "
                            + "proc-emu CPU/req %.3f, p50 %.3f, p99 %.3f%n", pair[0], pair[1],
                    ratio(results, pair, Leg::throughput), ratio(results, pair, Leg::cpuMicros),
                    ratio(results, pair, Leg::procMinusEmuMicros), ratio(results, pair, Leg::p50Micros),
                    ratio(results, pair, Leg::p99Micros));
        }
    }

    private static double median(List<Map<String, Leg>> results, String side, java.util.function.ToDoubleFunction<Leg> f) {
        return StartupRun.median(results.stream().map(m -> f.applyAsDouble(m.get(side))).collect(Collectors.toList()));
    }

    private static double ratio(List<Map<String, Leg>> results, String[] pair, java.util.function.ToDoubleFunction<Leg> f) {
        return StartupRun.median(results.stream().map(m -> f.applyAsDouble(m.get(pair[0])) / f.applyAsDouble(m.get(pair[1])))
                .collect(Collectors.toList()));
    }
}
