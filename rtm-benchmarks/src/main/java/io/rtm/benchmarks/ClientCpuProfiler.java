package io.rtm.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * A JMH profiler ({@code -prof io.rtm.benchmarks.ClientCpuProfiler}) that charges CPU time to the client, per
 * operation, over each iteration, and reports the latencies {@link LatencyRecorder#INSTANCE} recorded.
 *
 * <p>CPU is read per Java thread with {@link ThreadMXBean#getThreadCpuTime} at the start and end of every iteration
 * and attributed by thread name:
 * <ul>
 *   <li>{@code ·cpu.client} — the client: threads named {@code rtm-httpclient-io-*} (the SDK transport's I/O
 *       dispatcher and its bookkeeping thread), {@code rtm-jdk-*} (the JDK transport's executor),
 *       {@code HttpClient-*} (the JDK client's selector thread), {@code rtm-scheduler-*} (the SDK's timer),
 *       {@code rtm-completion-*} (the SDK's completion pool),
 *       {@code raw-httpclient-io-*} and {@code raw-jdk-*} (the raw baselines' threads), and the JMH worker threads
 *       ({@code *-jmh-worker-*}) that call the client. Threads that end within the iteration are missed (on Java 17
 *       with 2 cores {@code java.net.http} starts a short-lived thread per exchange): see the next two;</li>
 *   <li>{@code ·cpu.emulator} — the in-process emulator: {@code rtm-emulator*} (Jetty's pool and scheduler);</li>
 *   <li>{@code ·cpu.jvm} — process CPU not spent in any Java thread: GC and JIT threads of the whole JVM (both sides
 *       allocate on one heap, so it cannot be split);</li>
 *   <li>{@code ·cpu.processMinusEmulator} — process CPU minus the emulator's threads: the client plus GC, JIT, and
 *       JMH's own control threads; a cross-check of {@code ·cpu.client}.</li>
 * </ul>
 * All in microseconds per operation ({@link IterationResult} operations of the iteration). The window includes
 * JMH's iteration start/stop handshakes, the same for SDK and baseline.
 */
public final class ClientCpuProfiler implements InternalProfiler {

    private static final String[] CLIENT_PREFIXES = {
        "rtm-httpclient-io-", "rtm-jdk-", "rtm-scheduler-", "rtm-completion-", "raw-httpclient-io-", "raw-jdk-", "HttpClient-"};
    private static final String EMULATOR_PREFIX = "rtm-emulator";

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** The end of the current iteration as the benchmark marked it, or null. */
    private static volatile End markedEnd;
    /** Whether an instance exists in this JVM (JMH made one because the profiler was asked for). */
    private static volatile boolean active;

    private final ThreadMXBean threads = THREADS;
    private Map<Long, ThreadCpu> startCpu = new HashMap<>();
    private long startProcessCpu;

    /** CPU and latencies at the end of an iteration. */
    private record End(Map<Long, ThreadCpu> threadCpu, long processCpu, LatencyRecorder.Stats latency) {
    }

    /** One thread's name and CPU time so far. */
    private record ThreadCpu(String name, long cpuNanos) {
    }

    /**
     * Takes the end-of-iteration readings now. Benchmarks call it from a {@code @TearDown(Level.Iteration)} method:
     * JMH runs the trial's tear-down (which closes the clients, ending their threads) before the profiler's
     * {@link #afterIteration}, and the last iteration would otherwise lose those threads' CPU and count the closing.
     */
    public static void markIterationEnd() {
        if (!active) {
            return; // the profiler is not in use in this JVM
        }
        markedEnd = new End(snapshotNow(), processCpuNanos(), LatencyRecorder.INSTANCE.stop());
    }

    /** Used by JMH. */
    public ClientCpuProfiler() {
        active = true;
        if (threads.isThreadCpuTimeSupported() && !threads.isThreadCpuTimeEnabled()) {
            threads.setThreadCpuTimeEnabled(true);
        }
    }

    @Override
    public String getDescription() {
        return "client CPU per operation by thread name (rtm-httpclient-io-, rtm-scheduler-, raw-*, jmh-worker) and latency percentiles";
    }

    /** Whether a thread of this name belongs to the client side. */
    static boolean isClient(String name) {
        if (name.contains("jmh-worker")) {
            return true;
        }
        for (String p : CLIENT_PREFIXES) {
            if (name.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a thread of this name belongs to the emulator. */
    static boolean isEmulator(String name) {
        return name.startsWith(EMULATOR_PREFIX);
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        markedEnd = null;
        LatencyRecorder.INSTANCE.reset();
        startProcessCpu = processCpuNanos();
        startCpu = snapshot();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
                                                       IterationResult result) {
        End end = markedEnd != null ? markedEnd : new End(snapshotNow(), processCpuNanos(), LatencyRecorder.INSTANCE.stop());
        markedEnd = null;
        Map<Long, ThreadCpu> endCpu = end.threadCpu();
        long processCpu = end.processCpu() - startProcessCpu;
        LatencyRecorder.Stats latency = end.latency();
        long client = 0;
        long emulator = 0;
        long allThreads = 0;
        for (Map.Entry<Long, ThreadCpu> e : endCpu.entrySet()) {
            ThreadCpu before = startCpu.get(e.getKey());
            long delta = e.getValue().cpuNanos() - (before == null ? 0 : before.cpuNanos());
            allThreads += delta;
            if (isClient(e.getValue().name())) {
                client += delta;
            } else if (isEmulator(e.getValue().name())) {
                emulator += delta;
            }
        }
        long ops = Math.max(1, result.getMetadata().getAllOps());
        List<Result> out = new ArrayList<>();
        out.add(perOp("cpu.client", client, ops));
        out.add(perOp("cpu.emulator", emulator, ops));
        out.add(perOp("cpu.jvm", Math.max(0, processCpu - allThreads), ops));
        out.add(perOp("cpu.processMinusEmulator", processCpu - emulator, ops));
        if (latency.count() > 0) {
            out.add(micros("latency.p50", latency.p50()));
            out.add(micros("latency.p90", latency.p90()));
            out.add(micros("latency.p99", latency.p99()));
            out.add(micros("latency.p999", latency.p999()));
            out.add(new ScalarResult("latency.samples", latency.count(), "#", AggregationPolicy.SUM));
        }
        out.add(new ScalarResult("errors", latency.errors(), "#", AggregationPolicy.SUM));
        return out;
    }

    private static ScalarResult perOp(String label, long nanos, long ops) {
        return new ScalarResult(label, nanos / 1000.0 / ops, "us/op", AggregationPolicy.AVG);
    }

    private static ScalarResult micros(String label, long nanos) {
        return new ScalarResult(label, nanos / 1000.0, "us", AggregationPolicy.AVG);
    }

    private Map<Long, ThreadCpu> snapshot() {
        return snapshotNow();
    }

    private static Map<Long, ThreadCpu> snapshotNow() {
        Map<Long, ThreadCpu> cpu = new HashMap<>();
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info == null) {
                continue; // ended meanwhile
            }
            long t = THREADS.getThreadCpuTime(info.getThreadId());
            if (t >= 0) {
                cpu.put(info.getThreadId(), new ThreadCpu(info.getThreadName(), t));
            }
        }
        return cpu;
    }

    private static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime();
        }
        return 0;
    }
}
