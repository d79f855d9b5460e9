package io.rtm.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtm.core.error.RtmLocalRateLimitException;
import io.rtm.core.spi.Quota;
import io.rtm.core.spi.RateLimiter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** GCRA and the window guard on a fake clock: exact pacing, no window over the quota, maxWait, penalties, given-back slots. */
class LocalRateLimiterTest {

    private static final long SECOND = 1_000_000_000L;

    /** A fake clock with a queue of scheduled tasks that run as time is advanced. */
    static final class FakeTime implements LocalRateLimiter.Scheduling {
        final AtomicLong now = new AtomicLong(123_456_789L);
        private final PriorityQueue<long[]> order = new PriorityQueue<>((a, b) -> Long.compare(a[0], b[0]));
        private final List<Runnable> tasks = new ArrayList<>();

        @Override
        public synchronized ScheduledFuture<?> schedule(Runnable task, long delayNanos) {
            tasks.add(task);
            order.add(new long[] {now.get() + delayNanos, tasks.size() - 1});
            return new NoopFuture();
        }

        synchronized void advanceTo(long t) {
            while (!order.isEmpty() && order.peek()[0] <= t) {
                long[] next = order.poll();
                now.set(next[0]);
                tasks.get((int) next[1]).run();
            }
            now.set(t);
        }
    }

    private static final Quota K1 = Quota.perSecond("k", 1);

    /** Pacing only (no guard), no safety margin. */
    private static LocalRateLimiter pacing(FakeTime time) {
        return new LocalRateLimiter(0, false, time.now::get, time);
    }

    /** Pacing and the window guard, no safety margin. */
    private static LocalRateLimiter guarded(FakeTime time) {
        return new LocalRateLimiter(0, true, time.now::get, time);
    }

    @Test
    void grantsOneSlotPerIntervalAndNeverMoreThanTheRateInAnySlidingSecond() {
        FakeTime time = new FakeTime();
        int rate = 500;
        LocalRateLimiter limiter = pacing(time);
        Quota quota = Quota.perSecond("app:peer", rate);
        List<Long> grantedAt = new ArrayList<>();
        Random random = new Random(42);
        long start = time.now.get();
        // 5,000 requests arriving in random bursts over ~6 s of fake time
        for (int i = 0; i < 5_000; i++) {
            time.advanceTo(time.now.get() + (random.nextInt(10) == 0 ? random.nextInt(20_000_000) : 0));
            limiter.acquire(quota, Duration.ofSeconds(60)).thenRun(() -> grantedAt.add(time.now.get()));
        }
        time.advanceTo(start + 60 * SECOND);
        assertThat(grantedAt).hasSize(5_000);
        for (int i = rate; i < grantedAt.size(); i++) {
            assertThat(grantedAt.get(i) - grantedAt.get(i - rate))
                    .as("grant %d vs grant %d", i, i - rate).isGreaterThanOrEqualTo(SECOND);
        }
    }

    @Test
    void sustainedDemandAchievesTheFullRate() {
        FakeTime time = new FakeTime();
        LocalRateLimiter limiter = pacing(time);
        AtomicLong granted = new AtomicLong();
        for (int i = 0; i < 10_000; i++) {
            limiter.acquire(Quota.perSecond("k", 500), Duration.ofSeconds(60)).thenRun(granted::incrementAndGet);
        }
        time.advanceTo(time.now.get() + 10 * SECOND);
        // 500/s for 10 s, plus the one granted at t=0
        assertThat(granted.get()).isEqualTo(5_001);
    }

    @Test
    void pacesEachQuotaByItsOwnPermitsWithTheSafetyMargin() {
        FakeTime time = new FakeTime();
        LocalRateLimiter limiter = new LocalRateLimiter(0.005, false, time.now::get, time);
        assertThat(limiter.intervalNanos(Quota.perSecond("app:peer", 500))).isEqualTo(2_010_000L);
        assertThat(limiter.intervalNanos(Quota.perSecond("app:history", 100))).isEqualTo(10_050_000L);
        assertThat(limiter.intervalNanos(Quota.perSecond("app:user_events", 10))).isEqualTo(100_500_000L);
    }

    @Test
    void keysAreIndependent() {
        FakeTime time = new FakeTime();
        LocalRateLimiter limiter = pacing(time);
        assertThat(limiter.acquire(Quota.perSecond("app:peer", 1), Duration.ZERO)).isCompleted();
        assertThat(limiter.acquire(Quota.perSecond("app:channel", 1), Duration.ZERO)).isCompleted();
    }

    @Test
    void refusesAtOnceWhenTheSlotIsBeyondMaxWaitWithoutConsumingIt() {
        FakeTime time = new FakeTime();
        LocalRateLimiter limiter = pacing(time);
        limiter.acquire(K1, Duration.ZERO);
        CompletableFuture<RateLimiter.Permit> refused = limiter.acquire(K1, Duration.ofMillis(500));
        assertThat(refused).isCompletedExceptionally();
        assertThat(refused.handle((d, e) -> e).join()).isInstanceOfSatisfying(RtmLocalRateLimitException.class, e -> {
            assertThat(e.quotaKey()).isEqualTo("k");
            assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(1));
        });
        // the refusal did not push the next slot further away
        CompletableFuture<RateLimiter.Permit> next = limiter.acquire(K1, Duration.ofSeconds(1));
        time.advanceTo(time.now.get() + SECOND);
        assertThat(next.join().waited()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void penaltyHoldsEveryPermitUntilRetryAfter() {
        FakeTime time = new FakeTime();
        LocalRateLimiter limiter = pacing(time);
        Quota quota = Quota.perSecond("k", 500);
        long t0 = time.now.get();
        limiter.penalize(quota, Duration.ofSeconds(2));
        List<Long> at = new ArrayList<>();
        limiter.acquire(quota, Duration.ofSeconds(5)).thenRun(() -> at.add(time.now.get()));
        time.advanceTo(t0 + 2 * SECOND - 1);
        assertThat(at).isEmpty();
        time.advanceTo(t0 + 2 * SECOND);
        assertThat(at).containsExactly(t0 + 2 * SECOND);
    }

    @Test
    void aZeroOrNegativePenaltyChangesNothing() {
        FakeTime time = new FakeTime();
        LocalRateLimiter limiter = pacing(time);
        limiter.penalize(K1, Duration.ZERO);
        limiter.penalize(K1, Duration.ofSeconds(-30));
        assertThat(limiter.acquire(K1, Duration.ZERO)).isCompleted();
    }

    @Test
    void aShorterPenaltyNeverShortensAQueue() {
        FakeTime time = new FakeTime();
        LocalRateLimiter limiter = pacing(time);
        for (int i = 0; i < 5; i++) {
            limiter.acquire(K1, Duration.ofSeconds(10));
        }
        limiter.penalize(K1, Duration.ofSeconds(1));
        CompletableFuture<RateLimiter.Permit> sixth = limiter.acquire(K1, Duration.ofSeconds(10));
        time.advanceTo(time.now.get() + 10 * SECOND);
        assertThat(sixth.join().waited()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void cancellingAWaitCancelsItsScheduledCompletion() {
        FakeTime time = new FakeTime();
        LocalRateLimiter limiter = pacing(time);
        limiter.acquire(K1, Duration.ZERO);
        CompletableFuture<RateLimiter.Permit> waiting = limiter.acquire(K1, Duration.ofSeconds(5));
        assertThat(waiting.cancel(false)).isTrue();
        time.advanceTo(time.now.get() + 5 * SECOND);
        assertThat(waiting).isCancelled();
    }

    @Test
    void cancelledWaitersGiveTheirSlotsBackSoASingleCallAfterwardsIsNotDelayed() {
        FakeTime time = new FakeTime();
        for (LocalRateLimiter limiter : List.of(pacing(time), guarded(time))) {
            Quota quota = Quota.perSecond("app:peer-" + limiter.hashCode(), 500);
            RateLimiter.Permit first = limiter.acquire(quota, Duration.ofSeconds(60)).join();
            List<CompletableFuture<RateLimiter.Permit>> queued = new ArrayList<>();
            for (int i = 0; i < 2_999; i++) {
                queued.add(limiter.acquire(quota, Duration.ofSeconds(60)));
            }
            first.release(true);
            time.advanceTo(time.now.get() + 1_000_000); // 1 ms: one more slot came due
            queued.forEach(f -> f.cancel(false));
            // before the fix the 2,999 reserved slots stayed taken: this call waited ~6 s with nothing in flight
            CompletableFuture<RateLimiter.Permit> next = limiter.acquire(quota, Duration.ofSeconds(60));
            time.advanceTo(time.now.get() + 2_000_000); // one pacing interval
            assertThat(next).as("granted within one interval").isCompleted();
            assertThat(next.join().waited()).isLessThanOrEqualTo(Duration.ofMillis(2));
        }
    }

    @Test
    void aSlotGivenBackIsNeverUsedBeforeAPenaltyEnds() {
        FakeTime time = new FakeTime();
        LocalRateLimiter limiter = pacing(time);
        Quota quota = Quota.perSecond("k", 10);
        long t0 = time.now.get();
        limiter.acquire(quota, Duration.ofSeconds(60)).join();
        CompletableFuture<RateLimiter.Permit> second = limiter.acquire(quota, Duration.ofSeconds(60)); // slot t0 + 100 ms
        second.cancel(false);
        limiter.penalize(quota, Duration.ofSeconds(1));
        List<Long> at = new ArrayList<>();
        limiter.acquire(quota, Duration.ofSeconds(60)).thenRun(() -> at.add(time.now.get()));
        time.advanceTo(t0 + 2 * SECOND);
        assertThat(at).singleElement().satisfies(t -> assertThat(t).isGreaterThanOrEqualTo(t0 + SECOND));
    }

    @Test
    void guardHoldsPermitNUntilPermitZeroIsOverPlusOneWindow() {
        FakeTime time = new FakeTime();
        LocalRateLimiter limiter = guarded(time);
        Quota quota = Quota.perSecond("k", 3);
        long t0 = time.now.get();
        List<RateLimiter.Permit> first = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            CompletableFuture<RateLimiter.Permit> p = limiter.acquire(quota, Duration.ofSeconds(10));
            time.advanceTo(time.now.get() + SECOND / 3 + 1);
            first.add(p.join());
        }
        CompletableFuture<RateLimiter.Permit> fourth = limiter.acquire(quota, Duration.ofSeconds(10));
        time.advanceTo(t0 + 5 * SECOND);
        assertThat(fourth).as("permits 0-2 are still in flight").isNotDone();
        first.get(0).release(true);          // the service answered permit 0 at t0 + 5 s
        time.advanceTo(t0 + 6 * SECOND - 1);
        assertThat(fourth).isNotDone();
        time.advanceTo(t0 + 6 * SECOND);
        assertThat(fourth).isCompleted();
    }

    @Test
    void aPermitThatNeverReachedTheServiceFreesItsSlotAtOnce() {
        FakeTime time = new FakeTime();
        LocalRateLimiter limiter = guarded(time);
        RateLimiter.Permit p = limiter.acquire(K1, Duration.ofSeconds(10)).join();
        CompletableFuture<RateLimiter.Permit> next = limiter.acquire(K1, Duration.ofSeconds(10));
        time.advanceTo(time.now.get() + SECOND);
        assertThat(next).as("permit 0 still in flight").isNotDone();
        p.release(false);
        assertThat(next).isCompleted();
    }

    @Test
    void aGuardWaitBeyondMaxWaitIsRefusedAndFreesItsOwnPlace() {
        FakeTime time = new FakeTime();
        LocalRateLimiter limiter = guarded(time);
        Quota quota = Quota.perSecond("k", 2);
        RateLimiter.Permit a = limiter.acquire(quota, Duration.ofSeconds(10)).join();
        time.advanceTo(time.now.get() + SECOND / 2);
        RateLimiter.Permit b = limiter.acquire(quota, Duration.ofSeconds(10)).join(); // both held, never released
        CompletableFuture<RateLimiter.Permit> third = limiter.acquire(quota, Duration.ofMillis(800));
        time.advanceTo(time.now.get() + 800_000_000L);
        assertThat(third).isCompletedExceptionally();
        assertThat(third.handle((p, e) -> e).join()).isInstanceOf(RtmLocalRateLimitException.class);
        // the refused permit never went out: the next one only waits for room
        CompletableFuture<RateLimiter.Permit> fourth = limiter.acquire(quota, Duration.ofSeconds(10));
        time.advanceTo(time.now.get() + SECOND);
        assertThat(fourth).isNotDone();
        a.release(false);
        assertThat(fourth).isCompleted();
        b.release(false);
    }

    @Test
    void withRandomNetworkDelaysTheServiceNeverSeesMoreThanTheRateInAnyWindow() {
        FakeTime time = new FakeTime();
        int rate = 50;
        LocalRateLimiter limiter = new LocalRateLimiter(0.005, true, time.now::get, time);
        Quota quota = Quota.perSecond("k", rate);
        Random random = new Random(1);
        List<Long> admitted = new ArrayList<>();
        // each granted call reaches the service 0-120 ms later (cold connections, GC), answered 1 ms after that
        int calls = 1_000;
        for (int i = 0; i < calls; i++) {
            limiter.acquire(quota, Duration.ofSeconds(600)).thenAccept(permit -> {
                long arrival = time.now.get() + (random.nextInt(10) == 0 ? random.nextInt(120_000_000) : random.nextInt(1_000_000));
                time.schedule(() -> admitted.add(arrival), arrival - time.now.get());
                time.schedule(() -> permit.release(true), arrival + 1_000_000 - time.now.get());
            });
        }
        time.advanceTo(time.now.get() + 600 * SECOND);
        assertThat(admitted).hasSize(calls);
        List<Long> sorted = new ArrayList<>(admitted);
        sorted.sort(Long::compare);
        for (int i = rate; i < sorted.size(); i++) {
            assertThat(sorted.get(i) - sorted.get(i - rate)).as("window ending at admission %d", i).isGreaterThanOrEqualTo(SECOND);
        }
    }

    @Test
    void withoutTheGuardTheSameDelaysOverfillAWindow() {
        FakeTime time = new FakeTime();
        int rate = 50;
        LocalRateLimiter limiter = new LocalRateLimiter(0.005, false, time.now::get, time);
        Quota quota = Quota.perSecond("k", rate);
        List<Long> admitted = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            int n = i;
            limiter.acquire(quota, Duration.ofSeconds(600)).thenAccept(permit -> {
                long arrival = time.now.get() + (n == 0 ? 100_000_000L : 0); // the first call is slow to arrive
                time.schedule(() -> admitted.add(arrival), arrival - time.now.get());
            });
        }
        time.advanceTo(time.now.get() + 600 * SECOND);
        List<Long> sorted = new ArrayList<>(admitted);
        sorted.sort(Long::compare);
        boolean overfilled = false;
        for (int i = rate; i < sorted.size(); i++) {
            overfilled |= sorted.get(i) - sorted.get(i - rate) < SECOND;
        }
        assertThat(overfilled).as("pacing alone lets a delayed call share a window with the quota").isTrue();
    }

    /** Pacing and the window guard assuming {@code spread}, no safety margin. */
    private static LocalRateLimiter spread(FakeTime time, Duration spread) {
        return new LocalRateLimiter(0, true, spread, time.now::get, time);
    }

    @Test
    void beforeAnyReplyARunningPermitCountsUntilItsReplyAtMostTwoWindowsAndTheSpread() {
        FakeTime time = new FakeTime();
        LocalRateLimiter limiter = spread(time, Duration.ofMillis(20));
        long t0 = time.now.get();
        RateLimiter.Permit running = limiter.acquire(K1, Duration.ofSeconds(10)).join(); // never released here
        CompletableFuture<RateLimiter.Permit> next = limiter.acquire(K1, Duration.ofSeconds(30));
        time.advanceTo(t0 + 2 * SECOND + 20_000_000L - 1);
        assertThat(next).as("a cold start: permit 0 may be late on its way in, its reply will tell").isNotDone();
        time.advanceTo(t0 + 2 * SECOND + 20_000_000L);
        assertThat(next).isCompleted();
        running.release(true); // its late reply changes nothing for the permit already granted
    }

    @Test
    void onceRepliesTakeLongerThanAWindowARunningPermitStopsCountingOneWindowAfterItsGrantPlusTheSpread() {
        FakeTime time = new FakeTime();
        LocalRateLimiter limiter = spread(time, Duration.ofMillis(20));
        RateLimiter.Permit first = limiter.acquire(K1, Duration.ofSeconds(10)).join();
        time.advanceTo(time.now.get() + 1_500_000_000L);
        first.release(true);                                   // replies take 1.5 s: evidence would come too late
        RateLimiter.Permit running = limiter.acquire(K1, Duration.ofSeconds(10)).join();
        long t1 = time.now.get();
        CompletableFuture<RateLimiter.Permit> next = limiter.acquire(K1, Duration.ofSeconds(10));
        time.advanceTo(t1 + SECOND + 20_000_000L - 1);
        assertThat(next).isNotDone();
        time.advanceTo(t1 + SECOND + 20_000_000L);
        assertThat(next).as("the assumption: counted by grant + spread").isCompleted();
        running.release(true);
    }

    @Test
    void whileRepliesComeWithinAWindowARunningPermitCountsUntilItsReplyAtMostTwoWindowsAndTheSpreadSeen() {
        FakeTime time = new FakeTime();
        LocalRateLimiter limiter = spread(time, Duration.ofMillis(20));
        long t0 = time.now.get();
        RateLimiter.Permit first = limiter.acquire(K1, Duration.ofSeconds(10)).join();
        time.advanceTo(t0 + 300_000_000L);
        first.release(true);                                   // replies take 300 ms
        time.advanceTo(t0 + 2 * SECOND);
        RateLimiter.Permit late = limiter.acquire(K1, Duration.ofSeconds(10)).join();
        long t1 = time.now.get();
        CompletableFuture<RateLimiter.Permit> next = limiter.acquire(K1, Duration.ofSeconds(10));
        time.advanceTo(t1 + 1_500_000_000L);
        assertThat(next).as("its reply is late: it may have been late on its way in").isNotDone();
        late.release(true);                                    // 1.5 s: 1.2 s later than the floor
        time.advanceTo(t1 + SECOND + 1_200_000_000L - 1);
        assertThat(next).isNotDone();
        time.advanceTo(t1 + SECOND + 1_200_000_000L);
        assertThat(next).isCompleted();

        RateLimiter.Permit lost = next.join();                 // its reply never comes
        long t2 = time.now.get();
        CompletableFuture<RateLimiter.Permit> after = limiter.acquire(K1, Duration.ofSeconds(10));
        // two windows and the spread, which the 1.2 s late reply just widened: a reply that never comes stops counting
        time.advanceTo(t2 + 2 * SECOND + 1_200_000_000L - 1);
        assertThat(after).isNotDone();
        time.advanceTo(t2 + 2 * SECOND + 1_200_000_000L);
        assertThat(after).isCompleted();
        lost.release(true);
    }

    @Test
    void aWaitForAckReplyGivesNoEvidenceItsCallCountsOneWindowAndTheSpread() {
        FakeTime time = new FakeTime();
        LocalRateLimiter limiter = spread(time, Duration.ofMillis(20));
        long t0 = time.now.get();
        RateLimiter.Permit fast = limiter.acquire(K1, Duration.ofSeconds(10), false).join();
        time.advanceTo(t0 + 10_000_000L);
        fast.release(true);                                     // a plain send: floor 10 ms
        time.advanceTo(t0 + 2 * SECOND);
        RateLimiter.Permit ack = limiter.acquire(K1, Duration.ofSeconds(10), true).join();
        long t1 = time.now.get();
        CompletableFuture<RateLimiter.Permit> next = limiter.acquire(K1, Duration.ofSeconds(10));
        time.advanceTo(t1 + 800_000_000L);
        ack.release(true);                                      // the receiver acked after 800 ms
        time.advanceTo(t1 + SECOND + 20_000_000L - 1);
        assertThat(next).isNotDone();
        time.advanceTo(t1 + SECOND + 20_000_000L);
        assertThat(next).as("not held for the 790 ms the ack took").isCompleted();
    }

    @Test
    void withABoundedSpreadAResponseBeforeTheSpreadEndsFreesTheSlotOneWindowAfterTheResponse() {
        FakeTime time = new FakeTime();
        LocalRateLimiter limiter = spread(time, Duration.ofMillis(20));
        long t0 = time.now.get();
        RateLimiter.Permit fast = limiter.acquire(K1, Duration.ofSeconds(10)).join();
        CompletableFuture<RateLimiter.Permit> next = limiter.acquire(K1, Duration.ofSeconds(10));
        time.advanceTo(t0 + 5_000_000L);
        fast.release(true); // answered after 5 ms: the service counted it by then
        time.advanceTo(t0 + 5_000_000L + SECOND - 1);
        assertThat(next).isNotDone();
        time.advanceTo(t0 + 5_000_000L + SECOND);
        assertThat(next).isCompleted();
    }

    @Test
    void aPermitReleasedAfterItsSpreadStillCountsUntilItsCapAndNoLonger() {
        FakeTime time = new FakeTime();
        LocalRateLimiter limiter = spread(time, Duration.ofMillis(20));
        long t0 = time.now.get();
        RateLimiter.Permit slow = limiter.acquire(K1, Duration.ofSeconds(10)).join();
        CompletableFuture<RateLimiter.Permit> next = limiter.acquire(K1, Duration.ofSeconds(10));
        time.advanceTo(t0 + 500_000_000L);
        slow.release(true); // answered after 500 ms: counted by 20 ms at the latest (the assumption)
        time.advanceTo(t0 + SECOND + 20_000_000L - 1);
        assertThat(next).isNotDone();
        time.advanceTo(t0 + SECOND + 20_000_000L);
        assertThat(next).isCompleted();
    }

    /**
     * Runs {@code calls} calls through a limiter at {@code rate}/s; {@code delays} gives each granted call's
     * [arrival delay, reply delay after arrival] in nanoseconds. Returns the service's count times, sorted.
     */
    private static List<Long> serviceCounts(LocalRateLimiter limiter, FakeTime time, int rate, int calls,
                                            java.util.function.IntFunction<long[]> delays) {
        Quota quota = Quota.perSecond("k", rate);
        List<Long> counted = new ArrayList<>();
        AtomicLong n = new AtomicLong();
        long start = time.now.get();
        for (int i = 0; i < calls; i++) {
            limiter.acquire(quota, Duration.ofSeconds(3_600)).thenAccept(permit -> {
                long now = time.now.get();
                long[] d = delays.apply((int) n.getAndIncrement());
                long arrival = now + d[0];
                time.schedule(() -> counted.add(arrival), d[0]);
                time.schedule(() -> permit.release(true), d[0] + d[1]);
            });
        }
        time.advanceTo(start + 3_600 * SECOND);
        assertThat(counted).hasSize(calls);
        List<Long> sorted = new ArrayList<>(counted);
        sorted.sort(Long::compare);
        return sorted;
    }

    private static void assertNoWindowOverfilled(List<Long> counted, int rate, String what) {
        for (int i = rate; i < counted.size(); i++) {
            assertThat(counted.get(i) - counted.get(i - rate)).as("%s: window ending at call %d", what, i)
                    .isGreaterThanOrEqualTo(SECOND);
        }
    }

    private static double rate(List<Long> counted) {
        return (counted.size() - 1) / ((counted.get(counted.size() - 1) - counted.get(0)) / 1e9);
    }

    @Test
    void withArrivalsThatVaryByLessThanTheSpreadTheServiceNeverSeesMoreThanTheQuotaAtAnyCommonLatency() {
        for (long common : new long[] {0, 100_000_000L, 500_000_000L, 1_000_000_000L, 3_000_000_000L}) {
            FakeTime time = new FakeTime();
            Random random = new Random(common);
            // counted after the common delay plus 0-20 ms; answered the common delay plus 0-2 ms after that
            List<Long> counted = serviceCounts(new LocalRateLimiter(0.005, true, Duration.ofMillis(20), time.now::get, time),
                    time, 100, 3_000, i -> new long[] {common + random.nextInt(20_000_001), common + random.nextInt(2_000_001)});
            assertNoWindowOverfilled(counted, 100, "common delay " + common);
            // steady state (after a cold start that waits for the first replies): the guard costs at most quota /
            // (1 s + 22 ms) and the 0.5 % margin: 97 % of the quota at any latency
            long from = counted.get(0) + 2 * common + 2 * SECOND;
            List<Long> steady = counted.stream().filter(t -> t >= from).toList();
            assertThat(rate(steady)).as("rate at common delay %d ns", common).isGreaterThan(97.0);
        }
    }

    @Test
    void callsLateOnTheirWayInAreHeldByTheirLateRepliesWhenRepliesComeWithinAWindow() {
        FakeTime time = new FakeTime();
        long t0 = time.now.get();
        // 300 ms each way; every 3 s from 2 s on (once replies have shown the usual latency) the way in stalls for
        // 200 ms (a GC pause, a starved server thread): the calls that leave meanwhile all arrive when it ends, bunched,
        // and reply 300 ms after that. Far beyond the 20 ms spread.
        List<Long> counted = serviceCounts(new LocalRateLimiter(0.005, true, Duration.ofMillis(20), time.now::get, time),
                time, 100, 3_000, i -> {
                    long now = time.now.get() - t0 + 1_000_000_000L;
                    long inStall = now % 3_000_000_000L;
                    long stallLeft = inStall < 200_000_000L ? 200_000_000L - inStall : 0;
                    return new long[] {300_000_000L + stallLeft, 300_000_000L};
                });
        assertNoWindowOverfilled(counted, 100, "stalls of 200 ms");
        assertThat(rate(counted)).isGreaterThan(90.0);
    }

    @Test
    void aColdStartsSlowCallsAreHeldLongerOnceFasterRepliesShowHowLateTheyWere() {
        FakeTime time = new FakeTime();
        long t0 = time.now.get();
        // the first 0.8 s (cold connections, a cold JIT): each call reaches the service 300 ms after its grant and is
        // answered at once, so the first replies set a 300 ms floor; then calls arrive in 1 ms. Calls released against
        // the 300 ms floor looked on time; the faster replies show they were 300 ms late.
        List<Long> counted = serviceCounts(new LocalRateLimiter(0.005, true, Duration.ofMillis(20), time.now::get, time),
                time, 100, 1_000, i -> {
                    boolean cold = time.now.get() - t0 < 800_000_000L;
                    return new long[] {cold ? 300_000_000L : 1_000_000L, 1_000_000L};
                });
        assertNoWindowOverfilled(counted, 100, "after a cold start");
    }

    @Test
    void aFastErrorReplyTeachesNothingAboutTheLatencyOfSuccesses() {
        FakeTime time = new FakeTime();
        LocalRateLimiter limiter = spread(time, Duration.ofMillis(20));
        RateLimiter.Permit p1 = limiter.acquire(K1, Duration.ofSeconds(10)).join();
        time.advanceTo(time.now.get() + 500_000_000L);
        p1.release(true, 200);                                 // successes take 500 ms: the floor
        time.advanceTo(time.now.get() + 2 * SECOND);
        RateLimiter.Permit p2 = limiter.acquire(K1, Duration.ofSeconds(10)).join();
        time.advanceTo(time.now.get() + 5_000_000L);
        p2.release(true, 429);                                 // a 429 in 5 ms: the service did none of its usual work
        time.advanceTo(time.now.get() + 2 * SECOND);
        long t3 = time.now.get();
        RateLimiter.Permit p3 = limiter.acquire(K1, Duration.ofSeconds(10)).join();
        CompletableFuture<RateLimiter.Permit> f4 = limiter.acquire(K1, Duration.ofSeconds(10));
        time.advanceTo(t3 + 510_000_000L);
        p3.release(true, 200);                                 // 10 ms over the floor: on time, within the spread
        time.advanceTo(t3 + SECOND + 20_000_000L - 1);
        assertThat(f4).isNotDone();
        time.advanceTo(t3 + SECOND + 20_000_000L);
        assertThat(f4).as("not held 505 ms longer, as a floor of 5 ms would have it").isCompleted();
    }

    @Test
    void repliesThatVaryAfterTheServiceCountedTheCallLowerTheRateButNeverOverfillAWindow() {
        FakeTime time = new FakeTime();
        Random random = new Random(4);
        // counted 0-20 ms after the grant, answered 0-300 ms later (a receiver's ack): read as possibly late arrivals
        List<Long> counted = serviceCounts(new LocalRateLimiter(0.005, true, Duration.ofMillis(20), time.now::get, time),
                time, 100, 3_000, i -> new long[] {random.nextInt(20_000_001), random.nextInt(300_000_000)});
        assertNoWindowOverfilled(counted, 100, "varying replies");
        assertThat(rate(counted)).as("at least quota / (1 s + the replies' spread)").isGreaterThan(100 / 1.3);
    }

    @Test
    void repliesLaterThanOneWindowWidenTheCapOfLaterPermitsByTheSpreadTheyShow() {
        FakeTime time = new FakeTime();
        LocalRateLimiter limiter = spread(time, Duration.ofMillis(20));
        long t0 = time.now.get();
        RateLimiter.Permit a = limiter.acquire(K1, Duration.ofSeconds(30)).join();
        time.advanceTo(t0 + 1_500_000_000L);
        a.release(true);                                   // 1.5 s: the floor
        RateLimiter.Permit b = limiter.acquire(K1, Duration.ofSeconds(30)).join();
        long tb = time.now.get();
        time.advanceTo(tb + 1_650_000_000L);
        b.release(true);                                   // 150 ms later than the floor
        RateLimiter.Permit c = limiter.acquire(K1, Duration.ofSeconds(30)).join(); // its reply never comes
        long tc = time.now.get();
        CompletableFuture<RateLimiter.Permit> d = limiter.acquire(K1, Duration.ofSeconds(30));
        time.advanceTo(tc + SECOND + 150_000_000L - 1);
        assertThat(d).as("c counts one window and the 150 ms seen lately").isNotDone();
        time.advanceTo(tc + SECOND + 150_000_000L);
        assertThat(d).isCompleted();
        c.release(true);
    }

    @Test
    void keyedOnResponsesOnlyTheGuardCapsTheRateAtQuotaOverOneSecondPlusLatency() {
        FakeTime time = new FakeTime();
        int rate = 100;
        LocalRateLimiter limiter = new LocalRateLimiter(0.005, true, null, time.now::get, time);
        Quota quota = Quota.perSecond("k", rate);
        List<Long> grants = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            limiter.acquire(quota, Duration.ofSeconds(600)).thenAccept(permit -> {
                grants.add(time.now.get());
                time.schedule(() -> permit.release(true), 500_000_000L); // every response after 500 ms
            });
        }
        time.advanceTo(time.now.get() + 600 * SECOND);
        // steady state, after the first window's calls (granted before any response could hold them back)
        double seconds = (grants.get(999) - grants.get(199)) / 1e9;
        assertThat(800 / seconds).as("quota / 1.5 s").isBetween(0.66 * rate, 0.67 * rate);
    }

    @Test
    void a429WidensTheSpreadOncePerWindowForAMinuteThenTheConfiguredOneReturns() {
        FakeTime time = new FakeTime();
        LocalRateLimiter limiter = spread(time, Duration.ofMillis(20));
        assertThat(limiter.spreadNanos(K1)).isEqualTo(20_000_000L);
        limiter.penalize(K1, Duration.ofSeconds(1));
        assertThat(limiter.spreadNanos(K1)).isEqualTo(50_000_000L);
        limiter.penalize(K1, Duration.ofSeconds(1));
        assertThat(limiter.spreadNanos(K1)).as("the same overfilled window answers many calls 429").isEqualTo(50_000_000L);
        time.advanceTo(time.now.get() + SECOND);
        limiter.penalize(K1, Duration.ofSeconds(1));
        assertThat(limiter.spreadNanos(K1)).isEqualTo(100_000_000L);
        for (int i = 0; i < 10; i++) {
            time.advanceTo(time.now.get() + SECOND);
            limiter.penalize(K1, Duration.ofSeconds(1));
        }
        assertThat(limiter.spreadNanos(K1)).as("at most one window").isEqualTo(SECOND);
        time.advanceTo(time.now.get() + 60 * SECOND - 1);
        assertThat(limiter.spreadNanos(K1)).isEqualTo(SECOND);
        time.advanceTo(time.now.get() + 1);
        assertThat(limiter.spreadNanos(K1)).isEqualTo(20_000_000L);
    }

    @Test
    void aPenaltyHoldsBackPermitsAlreadyPacedUntilItEnds() {
        FakeTime time = new FakeTime();
        LocalRateLimiter limiter = new LocalRateLimiter(0, true, Duration.ofMillis(20), time.now::get, time);
        Quota quota = Quota.perSecond("k", 10);
        long t0 = time.now.get();
        limiter.acquire(quota, Duration.ofSeconds(10)).join();
        CompletableFuture<RateLimiter.Permit> paced = limiter.acquire(quota, Duration.ofSeconds(10)); // slot at t0 + 100 ms
        limiter.penalize(quota, Duration.ofSeconds(1));
        time.advanceTo(t0 + 999_999_999L);
        assertThat(paced).as("its slot passed, the 429's pause did not").isNotDone();
        time.advanceTo(t0 + SECOND);
        assertThat(paced).isCompleted();
    }

    @Test
    void aPenaltyHoldsBackPacedPermitsWithoutTheGuardToo() {
        FakeTime time = new FakeTime();
        LocalRateLimiter limiter = pacing(time);
        long t0 = time.now.get();
        limiter.acquire(Quota.perSecond("k", 10), Duration.ofSeconds(10)).join();
        CompletableFuture<RateLimiter.Permit> paced = limiter.acquire(Quota.perSecond("k", 10), Duration.ofSeconds(10));
        limiter.penalize(Quota.perSecond("k", 10), Duration.ofSeconds(1));
        time.advanceTo(t0 + 500_000_000L);
        assertThat(paced).isNotDone();
        time.advanceTo(t0 + SECOND);
        assertThat(paced).isCompleted();
    }

    @Test
    void a429NeverNarrowsAnUnboundedSpread() {
        FakeTime time = new FakeTime();
        LocalRateLimiter limiter = guarded(time);
        limiter.penalize(K1, Duration.ofSeconds(1));
        assertThat(limiter.spreadNanos(K1)).isEqualTo(LocalRateLimiter.UNBOUNDED);
    }

    private static final class NoopFuture implements ScheduledFuture<Object> {
        @Override
        public long getDelay(TimeUnit unit) {
            return 0;
        }

        @Override
        public int compareTo(Delayed o) {
            return 0;
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            return true;
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public boolean isDone() {
            return false;
        }

        @Override
        public Object get() {
            return null;
        }

        @Override
        public Object get(long timeout, TimeUnit unit) {
            return null;
        }
    }
}
