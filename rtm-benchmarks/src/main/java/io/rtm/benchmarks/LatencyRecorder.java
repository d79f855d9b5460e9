package io.rtm.benchmarks;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Records request latencies (nanoseconds) from any thread into a preallocated array, without locks or allocation,
 * and computes exact percentiles over one measurement window. One instance per JVM ({@link #INSTANCE}): the
 * benchmark records, {@link ClientCpuProfiler} resets it before each iteration and reads it after.
 * Samples beyond the capacity are counted as dropped, never silently lost.
 */
public final class LatencyRecorder {

    /** The recorder the end-to-end benchmarks write to. */
    public static final LatencyRecorder INSTANCE = new LatencyRecorder(1 << 21);

    private final long[] samples;
    private final AtomicInteger next = new AtomicInteger();
    private final LongAdder errors = new LongAdder();
    private volatile boolean active;

    /** A recorder holding at most {@code capacity} samples per window. */
    public LatencyRecorder(int capacity) {
        this.samples = new long[capacity];
    }

    /** Starts a new window: forgets every sample and error. */
    public void reset() {
        next.set(0);
        errors.reset();
        active = true;
    }

    /** Records one request's latency. */
    public void record(long nanos) {
        if (!active) {
            return;
        }
        int i = next.getAndIncrement();
        if (i < samples.length) {
            samples[i] = nanos;
        }
    }

    /** Records one failed request (not a latency sample). */
    public void error() {
        errors.increment();
    }

    /** Ends the window and returns its statistics. */
    public Stats stop() {
        active = false;
        int n = Math.min(next.get(), samples.length);
        long[] copy = Arrays.copyOf(samples, n);
        Arrays.sort(copy);
        return new Stats(n, Math.max(0, next.get() - samples.length), errors.sum(), pct(copy, 0.50), pct(copy, 0.90),
                pct(copy, 0.99), pct(copy, 0.999), n == 0 ? 0 : copy[n - 1]);
    }

    private static long pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p * sorted.length) - 1; // nearest-rank percentile
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank))];
    }

    /**
     * One window's statistics, latencies in nanoseconds.
     *
     * @param count   samples recorded
     * @param dropped samples beyond the capacity (not in the percentiles)
     * @param errors  failed requests
     * @param p50     median
     * @param p90     90th percentile
     * @param p99     99th percentile
     * @param p999    99.9th percentile
     * @param max     largest sample
     */
    public record Stats(long count, long dropped, long errors, long p50, long p90, long p99, long p999, long max) {
    }
}
