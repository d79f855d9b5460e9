package io.rtm.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The start-up harness: spawns fresh JVMs running {@link StartupProbe} ({@code jvm}, {@code raw}, {@code sdk},
 * interleaved, {@code --runs} rounds, default 15) and times each from process spawn to its {@code READY} line (the
 * client can send). Prints, per kind, the median and mean wall time and the in-process time to ready, and the
 * SDK's added time over the bare HttpClient 5 client (difference of medians).
 *
 * <p>{@code --compare-jar PATH} adds the {@code sdk} probe of another build of this jar (e.g. the one built before a
 * change) to every round, so a change is measured against its baseline within one run.
 *
 * <pre>java -cp target/benchmarks.jar io.rtm.benchmarks.StartupRun --runs 15 [--compare-jar before.jar]</pre>
 */
public final class StartupRun {

    /** The kinds of {@link StartupProbe}, in the order each round runs them. */
    static final List<String> KINDS = List.of("jvm", "raw", "sdk");

    /**
     * The timings of one kind, in milliseconds.
     *
     * @param kind         the probe kind
     * @param wallMillis   spawn to READY, one per run
     * @param inProcMillis main() to READY, one per run
     * @param cpuMillis    the child's main thread's CPU time at READY (JVM start-up included), one per run
     */
    public record Timings(String kind, List<Double> wallMillis, List<Double> inProcMillis, List<Double> cpuMillis) {
        /** Median of the wall times. */
        public double wallMedian() {
            return median(wallMillis);
        }

        /** Median of the main thread's CPU times. */
        public double cpuMedian() {
            return median(cpuMillis);
        }

        /** Median of the in-process times. */
        public double inProcMedian() {
            return median(inProcMillis);
        }
    }

    private StartupRun() {
    }

    /**
     * Runs the harness; {@code --runs N}, {@code --compare-jar PATH} (repeatable; e.g. the jar built before a change:
     * adds kind {@code sdk@<file name>}).
     */
    public static void main(String[] args) throws IOException, InterruptedException {
        int runs = 15;
        List<String> compareJars = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--runs")) {
                runs = Integer.parseInt(args[++i]);
            } else if (args[i].equals("--compare-jar")) {
                compareJars.add(args[++i]);
            } else {
                System.err.println("usage: StartupRun [--runs N] [--compare-jar PATH]");
                System.exit(2);
            }
        }
        print(run(runs, compareJars), System.out);
    }

    /** Runs {@code runs} interleaved rounds of every kind. */
    public static Map<String, Timings> run(int runs) throws IOException, InterruptedException {
        return run(runs, List.of());
    }

    /**
     * Runs {@code runs} interleaved rounds of every kind; each round also runs the {@code sdk} probe from each of
     * the {@code compareJars} (kind {@code sdk@<file name>}), so changes are compared within one run.
     */
    public static Map<String, Timings> run(int runs, List<String> compareJars) throws IOException, InterruptedException {
        List<String> kinds = new ArrayList<>(KINDS);
        Map<String, String> jarOf = new LinkedHashMap<>();
        for (String jar : compareJars) {
            String kind = "sdk@" + Paths.get(jar).getFileName();
            jarOf.put(kind, jar);
            kinds.add(kind);
        }
        Map<String, Timings> out = new LinkedHashMap<>();
        for (String kind : kinds) {
            out.put(kind, new Timings(kind, new ArrayList<>(), new ArrayList<>(), new ArrayList<>()));
        }
        String ownJar = System.getProperty("java.class.path");
        spawn("jvm", ownJar); // one throw-away round: the OS page cache now holds the JDK and the jar
        for (String jar : compareJars) {
            spawn("jvm", jar);
        }
        for (int r = 0; r < runs; r++) {
            for (String kind : kinds) {
                double[] t = jarOf.containsKey(kind) ? spawn("sdk", jarOf.get(kind)) : spawn(kind, ownJar);
                out.get(kind).wallMillis().add(t[0]);
                out.get(kind).inProcMillis().add(t[1]);
                out.get(kind).cpuMillis().add(t[2]);
            }
        }
        return out;
    }

    /** Prints the table and the SDK's added start-up time. */
    static void print(Map<String, Timings> timings, PrintStream out) {
        out.printf(Locale.ROOT, "%-22s %5s %14s %12s %18s %19s%n", "kind", "runs", "wall median ms", "wall mean ms",
                "in-JVM median ms", "main CPU median ms");
        for (Timings t : timings.values()) {
            out.printf(Locale.ROOT, "%-22s %5d %14.1f %12.1f %18.1f %19.1f%n", t.kind(), t.wallMillis().size(), t.wallMedian(),
                    mean(t.wallMillis()), t.inProcMedian(), t.cpuMedian());
        }
        Timings sdk = timings.get("sdk");
        Timings raw = timings.get("raw");
        out.printf(Locale.ROOT, "SDK added over bare HttpClient 5: %.1f ms (wall medians), %.1f ms (in-JVM medians), "
                + "%.1f ms (main CPU medians)%n", sdk.wallMedian() - raw.wallMedian(), sdk.inProcMedian() - raw.inProcMedian(),
                sdk.cpuMedian() - raw.cpuMedian());
        for (Timings compared : timings.values()) {
            if (!compared.kind().startsWith("sdk@")) {
                continue;
            }
            out.printf(Locale.ROOT, compared.kind() + ": SDK added over bare HttpClient 5: %.1f ms (wall medians), %.1f ms (in-JVM medians), "
                    + "%.1f ms (main CPU medians)%n", compared.wallMedian() - raw.wallMedian(),
                    compared.inProcMedian() - raw.inProcMedian(), compared.cpuMedian() - raw.cpuMedian());
            out.printf(Locale.ROOT, "this jar's SDK minus " + compared.kind() + ": %.1f ms (wall medians), %.1f ms (in-JVM medians), "
                    + "%.1f ms (main CPU medians)%n", sdk.wallMedian() - compared.wallMedian(),
                    sdk.inProcMedian() - compared.inProcMedian(), sdk.cpuMedian() - compared.cpuMedian());
        }
    }

    /** Spawns one probe; returns {wall ms, in-JVM ms, main-thread CPU ms (-1 when the probe could not read it)}. */
    private static double[] spawn(String kind, String classPath) throws IOException, InterruptedException {
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(java.toString(), "-cp", classPath,
                StartupProbe.class.getName(), kind);
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        long start = System.nanoTime();
        Process p = pb.start();
        double wall = -1;
        double inProc = -1;
        double cpu = -1;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("READY ")) {
                    wall = (System.nanoTime() - start) / 1e6;
                    String[] fields = line.substring(6).trim().split(" ");
                    inProc = Long.parseLong(fields[0]) / 1e6;
                    cpu = fields.length > 1 ? Long.parseLong(fields[1]) / 1e6 : -1;
                }
            }
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("probe " + kind + " did not exit");
        }
        if (p.exitValue() != 0 || wall < 0) {
            throw new IllegalStateException("probe " + kind + " failed: exit " + p.exitValue());
        }
        return new double[] {wall, inProc, cpu};
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n == 0 ? 0 : n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    }
}
