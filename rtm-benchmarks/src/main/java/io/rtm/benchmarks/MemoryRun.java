package io.rtm.benchmarks;

import io.rtm.core.Credentials;
import io.rtm.core.PeerMessage;
import io.rtm.core.RateLimit;
import io.rtm.core.Rtm;
import io.rtm.core.RtmAsyncClient;
import io.rtm.core.bulk.BulkJournal;
import io.rtm.core.bulk.BulkSender;
import io.rtm.core.bulk.BulkSummary;
import io.rtm.emulator.EmulatorApp;
import io.rtm.emulator.RtmEmulator;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The memory of a large fan-out: one payload to {@code --recipients} (default 1,000,000) users generated lazily, through
 * a {@link BulkSender} (automatic in-flight) with a {@link BulkJournal}, to an emulator in a CHILD JVM (so that only
 * the client's memory is measured) that accepts {@code --rate} calls per second (the client's limit too). At each
 * tenth of the run it forces a full collection ({@code System.gc()}) and prints the heap still in use (the live set):
 * flat from the first tenth to the last means the run holds objects for the messages in flight, not for the
 * recipients.
 *
 * <pre>java -Xmx256m -cp target/benchmarks.jar io.rtm.benchmarks.MemoryRun --recipients 1000000 --rate 20000</pre>
 *
 * {@code --in-flight N} fixes the number in flight (default: automatic), to read the memory per message in flight.
 */
public final class MemoryRun {

    private static final EmulatorApp APP = new EmulatorApp("00000000000000000000000000000042", "memory-key",
            "memory-secret-0123456789", "00000000000000000000000000000043");

    private MemoryRun() {
    }

    /** {@code --recipients N --rate R}, or {@code emulator PORT RATE} (the child). */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("emulator")) {
            emulator(Integer.parseInt(args[2]));
            return;
        }
        int recipients = 1_000_000;
        int rate = 20_000;
        int inFlight = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--in-flight" -> inFlight = Integer.parseInt(args[++i]);
                case "--recipients" -> recipients = Integer.parseInt(args[++i]);
                case "--rate" -> rate = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("usage: MemoryRun [--recipients N] [--rate R] [--in-flight N (0 = automatic)]");
                    System.exit(2);
                }
            }
        }
        run(recipients, rate, inFlight);
    }

    private static void emulator(int rate) throws Exception {
        try (RtmEmulator emulator = RtmEmulator.builder().app(APP).rateLimitPerSecond(rate).recordLimit(100).start()) {
            System.out.println(emulator.baseUri());
            System.out.flush();
            while (System.in.read() >= 0) {
                // until the parent closes our standard input
            }
        }
    }

    private static void run(int recipients, int rate, int inFlight) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                MemoryRun.class.getName(), "emulator", "0", Integer.toString(rate)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Path journalFile = Files.createTempFile("memoryrun", ".journal");
        Files.delete(journalFile);
        LiveSet live = new LiveSet();
        try {
            String endpoint = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8)).readLine();
            try (RtmAsyncClient client = Rtm.builder().endpoint(endpoint).appId(APP.appId())
                    .credentials(Credentials.basic(APP.apiKey(), APP.apiSecret()))
                    .rateLimit(RateLimit.perSecond(rate)).buildAsync();
                 BulkJournal journal = BulkJournal.open(journalFile, "memoryrun;recipients=" + recipients)) {
                PeerMessage template = Fixtures.peer(1024);
                int total = recipients;
                Iterable<String> users = () -> new Iterator<>() {
                    private int n;

                    @Override
                    public boolean hasNext() {
                        return n < total;
                    }

                    @Override
                    public String next() {
                        if (!hasNext()) {
                            throw new NoSuchElementException();
                        }
                        return "user-" + n++;
                    }
                };
                AtomicLong done = new AtomicLong();
                Thread watcher = live.watch(done, total);
                long start = System.nanoTime();
                BulkSender.Builder bulk = BulkSender.builder(client).journal(journal);
                if (inFlight > 0) {
                    bulk.maxInFlight(inFlight);
                }
                BulkSummary s = bulk.build()
                        .fanOut(template, users, (item, p) -> done.set(p.done()))
                        .get(2, TimeUnit.HOURS);
                watcher.join(10_000);
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf(Locale.ROOT, "fan-out of %,d recipients (1 KB payload) with a journal, client limit %,d/s: "
                                + "%,d sent, %d failed %s in %.1f s (%.0f/s), peak in flight %d%n", total, rate, s.succeeded(),
                        s.failed(), s.failuresByReason(), seconds, total / seconds, s.peakInFlight());
            }
            System.out.printf(Locale.ROOT, "journal: %,d bytes on disk%n", Files.size(journalFile));
            live.print();
        } finally {
            child.getOutputStream().close();
            if (!child.waitFor(20, TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
            Files.deleteIfExists(journalFile);
        }
    }

    /** The live heap (after a forced full collection) at each tenth of the run, measured from a thread of its own. */
    private static final class LiveSet {
        private final List<String> lines = new ArrayList<>();
        private long max;

        Thread watch(AtomicLong progress, long total) {
            Thread t = new Thread(() -> {
                for (int tenth = 1; tenth <= 9; tenth++) {
                    while (progress.get() < total * tenth / 10) {
                        try {
                            Thread.sleep(5);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                    System.gc();
                    long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                    synchronized (this) {
                        max = Math.max(max, used);
                        lines.add(String.format(Locale.ROOT, "  live heap at %d%% (%,d done): %.1f MB", tenth * 10, progress.get(),
                                used / 1e6));
                    }
                }
            }, "memoryrun-live-set");
            t.setDaemon(true);
            t.start();
            return t;
        }

        synchronized void print() {
            lines.forEach(System.out::println);
            System.out.printf(Locale.ROOT, "  largest live heap: %.1f MB (-Xmx %d MB)%n", max / 1e6, Runtime.getRuntime().maxMemory() / (1 << 20));
        }
    }
}
