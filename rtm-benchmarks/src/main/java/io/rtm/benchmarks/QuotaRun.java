package io.rtm.benchmarks;

import io.rtm.core.Credentials;
import io.rtm.core.PeerMessage;
import io.rtm.core.RateLimit;
import io.rtm.core.Rtm;
import io.rtm.core.RtmAsyncClient;
import io.rtm.core.bulk.BulkSender;
import io.rtm.core.bulk.BulkSummary;
import io.rtm.emulator.AcceptedMessage;
import io.rtm.emulator.AppStats;
import io.rtm.emulator.EmulatorApp;
import io.rtm.emulator.RtmEmulator;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;

/**
 * The quota harness: sends peer messages for {@code --seconds} (default 20) with the DEFAULT client configuration
 * (its local rate limiter at the SPEC's 500 calls/s, default retries) through a {@link BulkSender}
 * ({@code --in-flight N}, default 0 = the automatic number, over a lazily generated stream of recipients) to an
 * in-process {@link RtmEmulator} enforcing the strict 500/s sliding window, with {@code --latency MS} of service latency
 * (the emulator's fault injection: added after the call was counted, before it is answered), and prints the achieved
 * rate, its share of the quota, and the emulator's count of 429s.
 *
 * <pre>java -cp target/benchmarks.jar io.rtm.benchmarks.QuotaRun --seconds 20 --latency 500</pre>
 *
 * The rate is accepted messages (HTTP 200 at the emulator) divided by the time from the first send to the last
 * completion (so it includes one latency at the end); the service rate is accepted messages per second between the
 * first and the last accept at the emulator (what the quota measures); the steady rate leaves out the first two
 * seconds (JIT warm-up, connection set-up). The busiest window is the largest number of messages the emulator accepted
 * in any one second (by its own accept times).
 */
public final class QuotaRun {

    /**
     * What one run measured.
     *
     * @param seconds        the sending time asked for
     * @param quota          the emulator's quota per second
     * @param accepted       messages the emulator answered 200
     * @param rejected429    messages the emulator answered 429
     * @param otherFailures  messages that failed otherwise (client side included)
     * @param rate           accepted per second over the whole run
     * @param steadyRate     accepted per second after the first two seconds
     * @param busiestWindow  most messages the emulator accepted in any one-second window
     * @param elapsed        first send to last completion
     */
    public record Result(int seconds, int quota, long accepted, long rejected429, long otherFailures, double rate,
                         double steadyRate, int busiestWindow, Duration elapsed, long latencyMillis, double serviceRate,
                         int peakInFlight, RateLimit rateLimit) {
        /** The achieved rate as a share of the quota. */
        public double shareOfQuota() {
            return rate / quota;
        }

        /** The service rate as a share of the quota. */
        public double serviceShareOfQuota() {
            return serviceRate / quota;
        }

        /** The steady rate as a share of the quota. */
        public double steadyShareOfQuota() {
            return steadyRate / quota;
        }
    }

    private QuotaRun() {
    }

    /** Runs the harness; {@code --seconds N}, {@code --in-flight N} (0 = automatic), {@code --latency MS[,MS...]}. */
    public static void main(String[] args) {
        int seconds = 20;
        int inFlight = 0;
        long[] latencies = {0};
        RateLimit rateLimit = RateLimit.defaults();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--in-flight" -> inFlight = Integer.parseInt(args[++i]);
                case "--spread" -> {
                    String v = args[++i];
                    rateLimit = rateLimit.withArrivalSpread(v.equals("unbounded") ? RateLimit.UNBOUNDED_SPREAD
                            : Duration.ofMillis(Long.parseLong(v)));
                }
                case "--latency" -> latencies = java.util.Arrays.stream(args[++i].split(",")).mapToLong(Long::parseLong).toArray();
                default -> {
                    System.err.println("usage: QuotaRun [--seconds N] [--in-flight N] [--latency MS[,MS...]] [--spread MS|unbounded]");
                    System.exit(2);
                }
            }
        }
        for (long latency : latencies) {
            print(run(seconds, inFlight, Duration.ofMillis(latency), rateLimit), System.out);
        }
    }

    /** Prints a result. */
    static void print(Result r, PrintStream out) {
        out.printf(Locale.ROOT, "quota run: %d s, client %s, emulator quota %d/s, service latency %d ms%n",
                r.seconds(), r.rateLimit(), r.quota(), r.latencyMillis());
        out.printf(Locale.ROOT, "  accepted (200):     %d in %.3f s, peak in flight %d%n", r.accepted(), r.elapsed().toNanos() / 1e9,
                r.peakInFlight());
        out.printf(Locale.ROOT, "  achieved rate:      %.1f /s = %.2f%% of quota (first send to last reply)%n", r.rate(),
                100 * r.shareOfQuota());
        out.printf(Locale.ROOT, "  service rate:       %.1f /s = %.2f%% of quota (first to last accept)%n", r.serviceRate(),
                100 * r.serviceShareOfQuota());
        out.printf(Locale.ROOT, "  steady rate (>2 s): %.1f /s = %.2f%% of quota%n", r.steadyRate(), 100 * r.steadyShareOfQuota());
        out.printf(Locale.ROOT, "  busiest 1-s window at the emulator: %d%n", r.busiestWindow());
        out.printf(Locale.ROOT, "  429s: %d, other failures: %d%n", r.rejected429(), r.otherFailures());
    }

    /** Runs for {@code seconds} with {@code inFlight} messages in flight (0 = automatic) and no added latency. */
    public static Result run(int seconds, int inFlight) {
        return run(seconds, inFlight, Duration.ZERO);
    }

    /** Runs for {@code seconds} with {@code inFlight} messages in flight (0 = automatic) at this service latency. */
    public static Result run(int seconds, int inFlight, Duration latency) {
        return run(seconds, inFlight, latency, RateLimit.defaults());
    }

    /** Runs with this client rate-limit configuration. */
    public static Result run(int seconds, int inFlight, Duration latency, RateLimit rateLimit) {
        int quota = io.rtm.core.Operation.SEND_PEER.quotaPerSecond();
        try (RtmEmulator emulator = RtmEmulator.builder().rateLimitPerSecond(quota).recordLimit(Math.max(10_000, seconds * quota * 2))
                .start()) {
            EmulatorApp app = emulator.app();
            if (!latency.isZero()) {
                emulator.faults(app.appId(), io.rtm.emulator.Faults.builder().latency(latency).seed(1).build());
            }
            try (RtmAsyncClient client = Rtm.builder()
                    .endpoint(emulator.baseUri().toString())
                    .appId(app.appId())
                    .credentials(Credentials.basic(app.apiKey(), app.apiSecret()))
                    .rateLimit(rateLimit)
                    .buildAsync()) {
                PeerMessage template = Fixtures.peer(256);
                long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
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
                        return template.toBuilder().to("user-" + n++).build();
                    }
                };
                BulkSender.Builder bulk = BulkSender.builder(client);
                if (inFlight > 0) {
                    bulk.maxInFlight(inFlight);
                }
                BulkSummary summary = bulk.build().sendPeers(source, null).join();
                AppStats stats = emulator.stats(app.appId());
                List<AcceptedMessage> accepted = new ArrayList<>(emulator.accepted(app.appId()));
                accepted.sort(Comparator.comparing(AcceptedMessage::sentAt));
                long ok = stats.status(200);
                double elapsed = summary.elapsed().toNanos() / 1e9;
                double serviceSeconds = accepted.size() < 2 ? 0
                        : Duration.between(accepted.get(0).sentAt(), accepted.get(accepted.size() - 1).sentAt()).toNanos() / 1e9;
                return new Result(seconds, quota, ok, stats.status(429), summary.failed() - stats.status(429),
                        ok / elapsed, steadyRate(accepted, 2), busiestWindow(accepted), summary.elapsed(), latency.toMillis(),
                        serviceSeconds <= 0 ? 0 : (accepted.size() - 1) / serviceSeconds, summary.peakInFlight(), rateLimit);
            }
        }
    }

    /** Accepted per second from {@code skipSeconds} after the first accept to the last one. */
    private static double steadyRate(List<AcceptedMessage> accepted, int skipSeconds) {
        if (accepted.size() < 2) {
            return 0;
        }
        Instant from = accepted.get(0).sentAt().plusSeconds(skipSeconds);
        Instant last = accepted.get(accepted.size() - 1).sentAt();
        long count = accepted.stream().filter(m -> !m.sentAt().isBefore(from)).count();
        double seconds = Duration.between(from, last).toNanos() / 1e9;
        return seconds <= 0 ? 0 : (count - 1) / seconds;
    }

    /** The most accepts within any one-second window of these accepts, sorted by time. */
    static int busiestWindowOf(List<AcceptedMessage> accepted) {
        return busiestWindow(accepted);
    }

    /** The most accepts within any one-second window (two pointers over accept times, in order). */
    private static int busiestWindow(List<AcceptedMessage> accepted) {
        int best = 0;
        int start = 0;
        for (int i = 0; i < accepted.size(); i++) {
            Instant t = accepted.get(i).sentAt();
            while (!accepted.get(start).sentAt().isAfter(t.minusSeconds(1))) {
                start++;
            }
            best = Math.max(best, i - start + 1);
        }
        return best;
    }
}
