package io.rtm.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtm.core.Credentials;
import io.rtm.core.PeerMessage;
import io.rtm.core.RateLimit;
import io.rtm.core.RequestOptions;
import io.rtm.core.Rtm;
import io.rtm.core.RtmAsyncClient;
import io.rtm.core.RtmBuilder;
import io.rtm.core.SendResult;
import io.rtm.core.error.RtmException;
import io.rtm.core.error.RtmLocalRateLimitException;
import io.rtm.core.error.RtmTimeoutException;
import io.rtm.emulator.EmulatorApp;
import io.rtm.emulator.Faults;
import io.rtm.emulator.RtmEmulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 11 #4, end to end: thousands of calls queued behind the client's rate limiter that are cancelled, or that time
 * out while they wait, give back what they held, so the calls after them are not delayed (a single call after a storm of
 * cancellations used to wait 5.8 s for slots nobody would use). The limiter is the same for both transports; these run
 * through the default one.
 */
class CancellationStormTest {

    private static final int STORM = 3_000;
    private static RtmEmulator emulator;
    private static EmulatorApp app;

    @BeforeAll
    static void start() {
        emulator = RtmEmulator.builder().rateLimitPerSecond(1_000_000).start();
        app = emulator.app();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @BeforeEach
    void reset() {
        emulator.reset();
        emulator.faults(app.appId(), Faults.none());
    }

    private static RtmBuilder client(RateLimit rateLimit) {
        return Rtm.builder().endpoint(emulator.baseUri().toString()).appId(app.appId())
                .credentials(Credentials.basic(app.apiKey(), app.apiSecret())).rateLimit(rateLimit)
                .callTimeout(Duration.ofMinutes(10));
    }

    private static PeerMessage message(String payload) {
        return PeerMessage.builder().from("alice").to("bob").payload(payload).build();
    }

    @Test
    void aSingleCallAfterThreeThousandCancelledWaitersIsNotDelayed() throws Exception {
        // 10 calls/s: the storm's slots reach 300 s ahead, all within the (long) maximum wait
        try (RtmAsyncClient rtm = client(RateLimit.perSecond(10).withMaxWait(Duration.ofMinutes(10))).buildAsync()) {
            assertThat(rtm.sendPeer(message("first"))).succeedsWithin(Duration.ofSeconds(5));
            List<CompletableFuture<SendResult>> storm = new ArrayList<>(STORM);
            for (int i = 0; i < STORM; i++) {
                storm.add(rtm.sendPeer(message("storm-" + i)));
            }
            int cancelled = 0;
            long cancelStart = System.nanoTime();
            for (CompletableFuture<SendResult> f : storm) {
                if (f.cancel(true)) {
                    cancelled++;
                }
            }
            long cancelMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - cancelStart);

            long start = System.nanoTime();
            CompletableFuture<SendResult> single = rtm.sendPeer(message("single"));
            assertThat(single).succeedsWithin(Duration.ofSeconds(5));
            long singleMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            System.out.printf("CancellationStormTest: %d of %d queued calls cancelled in %d ms; the next call took %d ms%n",
                    cancelled, STORM, cancelMs, singleMs);

            // at most the first one or two of the storm had their slot (100 ms apart) before the cancellations
            assertThat(cancelled).isGreaterThanOrEqualTo(STORM - 2);
            // one pacing interval (100 ms) and a round trip; loose for a loaded machine, far below what a slot held by a
            // cancelled waiter would cost (300 s: the call would wait, or be refused beyond its maximum wait)
            assertThat(singleMs).isLessThan(1_000);
            // the cancelled calls sent nothing
            Thread.sleep(200);
            assertThat(emulator.accepted(app.appId())).extracting(m -> m.payload())
                    .contains("first", "single").hasSizeLessThanOrEqualTo(2 + STORM - cancelled);
        }
    }

    @Test
    void callsThatTimedOutWaitingForTheLimiterLeaveNoPermitBehind() throws Exception {
        // 50 calls/s with the sliding-window guard keyed to replies only (UNBOUNDED_SPREAD): at most 50 permits held, each
        // until one window after its attempt (the default guard would free a blocker's place two windows after its grant,
        // before the storm's deadlines pass: this test is about what a timed-out waiter leaves behind, not about that)
        try (RtmAsyncClient rtm = client(RateLimit.perSecond(50).withMaxWait(Duration.ofSeconds(30))
                .withArrivalSpread(RateLimit.UNBOUNDED_SPREAD)).buildAsync()) {
            // 50 slow calls hold every permit of the guard: the last is granted at ~1 s, the first ends at ~3 s and
            // holds its place one window more, so the guard is full until ~4 s
            emulator.faults(app.appId(), Faults.builder().latency(Duration.ofMillis(3_000)).seed(1).build());
            List<CompletableFuture<SendResult>> blockers = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                blockers.add(rtm.sendPeer(message("blocker-" + i)));
            }
            // the storm, with 2 s deadlines: the calls whose pacing slot (after the blockers', 20 ms apart) comes before
            // their deadline wait at the full guard and time out there; the rest are refused at once. Every deadline
            // passes before the guard has room, so none of the storm can be granted (if starting the storm took more
            // than ~1.8 s, some could: that is checked below)
            long stormStart = System.nanoTime();
            List<CompletableFuture<SendResult>> storm = new ArrayList<>(STORM);
            RequestOptions twoSeconds = RequestOptions.builder().timeout(Duration.ofSeconds(2)).build();
            int waited = 0;
            for (int i = 0; i < STORM; i++) {
                CompletableFuture<SendResult> f = rtm.sendPeer(message("storm-" + i), twoSeconds);
                if (!f.isDone()) {
                    waited++; // not refused at once: it waits for the limiter
                }
                storm.add(f);
            }
            long stormMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stormStart);
            assertThat(stormMs).as("time to start the storm (the test's premise)").isLessThan(1_800);
            Map<String, Integer> outcomes = new TreeMap<>();
            for (CompletableFuture<SendResult> f : storm) {
                try {
                    f.get(10, TimeUnit.SECONDS);
                    outcomes.merge("sent", 1, Integer::sum);
                } catch (ExecutionException e) {
                    RtmException failure = (RtmException) e.getCause();
                    assertThat(failure).isInstanceOfAny(RtmLocalRateLimitException.class, RtmTimeoutException.class);
                    assertThat(failure.mayHaveReachedService()).as("%s", failure).isFalse();
                    assertThat(failure.attempts()).isZero();
                    outcomes.merge(failure.reason().value(), 1, Integer::sum);
                }
            }
            CompletableFuture.allOf(blockers.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            emulator.faults(app.appId(), Faults.none());

            // every permit is free again once the blockers' window has passed: 50 calls (a full window's worth) go
            long start = System.nanoTime();
            List<CompletableFuture<SendResult>> after = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                after.add(rtm.sendPeer(message("after-" + i)));
            }
            CompletableFuture.allOf(after.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            long afterMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            System.out.printf("CancellationStormTest: storm of %d started in %d ms behind a full guard, %d of them waited: %s; "
                    + "then 50 calls in %d ms%n", STORM, stormMs, waited, outcomes, afterMs);

            assertThat(outcomes).doesNotContainKey("sent");
            assertThat(outcomes.getOrDefault("deadline", 0) + outcomes.getOrDefault("rate_limited_local", 0)).isEqualTo(STORM);
            // dozens of the storm really waited at the guard and timed out there (the rest were refused at once): had
            // each kept a permit, the guard (50) would never have room again
            assertThat(waited).isGreaterThan(30);
            // nothing of the storm was sent
            assertThat(emulator.accepted(app.appId())).allSatisfy(m -> assertThat(m.payload()).doesNotStartWith("storm-"));
            // the blockers' window ends at most 1 s after they did, and 50 calls are paced over 1 s: ~2 s at most; had the
            // waiters that timed out kept their permits, these would stall until their 10 s wait ran out
            assertThat(afterMs).isLessThan(4_000);
        }
    }
}
