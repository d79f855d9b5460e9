package io.rtm.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarizes a Java Flight Recorder file written by JMH's {@code -prof jfr} (async-profiler is not available here):
 * CPU samples by thread, the hottest methods (self and inclusive) on the threads of interest, and sampled allocations
 * by type and by allocation site.
 *
 * <pre>java -cp target/benchmarks.jar io.rtm.benchmarks.JfrSummary profile.jfr [--threads REGEX] [--top N]</pre>
 *
 * {@code --threads} (default {@code .*}) keeps only samples of threads whose name matches, e.g.
 * {@code 'rtm-.*|raw-.*|.*jmh-worker.*'} for the client side of an end-to-end run.
 */
public final class JfrSummary {

    private JfrSummary() {
    }

    /** Prints the summary of one recording. */
    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: JfrSummary <file.jfr> [--threads REGEX] [--top N]");
            System.exit(2);
        }
        Path file = Paths.get(args[0]);
        Pattern threads = Pattern.compile(".*");
        int top = 25;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--threads" -> threads = Pattern.compile(args[++i]);
                case "--top" -> top = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Map<String, Long> byThread = new HashMap<>();
        Map<String, Long> self = new HashMap<>();
        Map<String, Long> inclusive = new HashMap<>();
        Map<String, Long> allocByType = new HashMap<>();
        Map<String, Long> allocBySite = new HashMap<>();
        long samples = 0;
        long allocTotal = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            String type = e.getEventType().getName();
            if (type.equals("jdk.ExecutionSample")) {
                String thread = threadName(e.getThread("sampledThread"));
                byThread.merge(group(thread), 1L, Long::sum);
                if (!threads.matcher(thread).matches() || e.getStackTrace() == null) {
                    continue;
                }
                samples++;
                List<RecordedFrame> frames = e.getStackTrace().getFrames();
                if (!frames.isEmpty()) {
                    self.merge(method(frames.get(0)), 1L, Long::sum);
                }
                Set<String> seen = new HashSet<>();
                for (RecordedFrame f : frames) {
                    String m = method(f);
                    if (seen.add(m)) {
                        inclusive.merge(m, 1L, Long::sum);
                    }
                }
            } else if (type.equals("jdk.ObjectAllocationSample")) {
                String thread = threadName(e.getThread("eventThread"));
                if (!threads.matcher(thread).matches()) {
                    continue;
                }
                long weight = e.getLong("weight");
                allocTotal += weight;
                allocByType.merge(e.getClass("objectClass").getName(), weight, Long::sum);
                allocBySite.merge(site(e.getStackTrace()), weight, Long::sum);
            }
        }
        System.out.println("== CPU samples by thread group (all threads)");
        print(byThread, total(byThread), top);
        System.out.printf(Locale.ROOT, "%n== Hottest methods, self (%d samples on threads matching %s)%n", samples, threads);
        print(self, samples, top);
        System.out.printf(Locale.ROOT, "%n== Hottest methods, inclusive (share of those samples with the method on the stack)%n");
        print(inclusive, samples, top * 2);
        System.out.printf(Locale.ROOT, "%n== Sampled allocation by type (%.1f MB sampled weight)%n", allocTotal / 1e6);
        print(allocByType, allocTotal, top);
        System.out.printf(Locale.ROOT, "%n== Sampled allocation by site (top frame <- first io.rtm frame)%n");
        print(allocBySite, allocTotal, top);
    }

    private static String threadName(RecordedThread t) {
        return t == null || t.getJavaName() == null ? "?" : t.getJavaName();
    }

    /** Thread names without their trailing numbers, so a pool reads as one line. */
    private static String group(String thread) {
        return thread.replaceAll("[-#]?\\d+", "-N");
    }

    private static String method(RecordedFrame f) {
        String cls = f.getMethod().getType().getName();
        return cls.substring(cls.lastIndexOf('.') + 1) + "." + f.getMethod().getName();
    }

    /** Where an allocation happened: its top frame, and the first frame of our own code below it. */
    private static String site(RecordedStackTrace stack) {
        if (stack == null || stack.getFrames().isEmpty()) {
            return "?";
        }
        List<RecordedFrame> frames = stack.getFrames();
        String top = method(frames.get(0));
        for (RecordedFrame f : frames) {
            String cls = f.getMethod().getType().getName();
            if (cls.startsWith("io.rtm.") && !cls.startsWith("io.rtm.benchmarks.jmh_generated")) {
                String own = method(f) + ":" + f.getLineNumber();
                return own.startsWith(top) ? own : top + " <- " + own;
            }
        }
        return top;
    }

    private static long total(Map<String, Long> m) {
        return m.values().stream().mapToLong(Long::longValue).sum();
    }

    private static void print(Map<String, Long> counts, long total, int top) {
        Map<String, Long> sorted = new LinkedHashMap<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(top)
                .forEach(en -> sorted.put(en.getKey(), en.getValue()));
        for (Map.Entry<String, Long> en : sorted.entrySet()) {
            System.out.printf(Locale.ROOT, "%6.1f%%  %s%n", total == 0 ? 0 : 100.0 * en.getValue() / total, en.getKey());
        }
    }
}
