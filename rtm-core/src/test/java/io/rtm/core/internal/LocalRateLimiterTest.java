package io.rtm.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtm.core.error.RtmLocalRateLimitException;
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

/** GCRA on a fake clock: exact pacing, no window over the rate, maxWait, penalties. */
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

    @Test
    void grantsOneSlotPerIntervalAndNeverMoreThanTheRateInAnySlidingSecond() {
        FakeTime time = new FakeTime();
        int rate = 500;
        LocalRateLimiter limiter = new LocalRateLimiter(SECOND / rate, 0, time.now::get, time);
        List<Long> grantedAt = new ArrayList<>();
        Random random = new Random(42);
        long start = time.now.get();
        // 5,000 requests arriving in random bursts over ~6 s of fake time
        for (int i = 0; i < 5_000; i++) {
            time.advanceTo(time.now.get() + (random.nextInt(10) == 0 ? random.nextInt(20_000_000) : 0));
            limiter.acquire("app:peer", 1, Duration.ofSeconds(60)).thenRun(() -> grantedAt.add(time.now.get()));
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
        LocalRateLimiter limiter = new LocalRateLimiter(SECOND / 500, 0, time.now::get, time);
        AtomicLong granted = new AtomicLong();
        for (int i = 0; i < 10_000; i++) {
            limiter.acquire("k", 1, Duration.ofSeconds(60)).thenRun(granted::incrementAndGet);
        }
        time.advanceTo(time.now.get() + 10 * SECOND);
        // 500/s for 10 s, plus the one granted at t=0
        assertThat(granted.get()).isEqualTo(5_001);
    }

    @Test
    void keysAreIndependent() {
        FakeTime time = new FakeTime();
        LocalRateLimiter limiter = new LocalRateLimiter(SECOND, 0, time.now::get, time);
        assertThat(limiter.acquire("app:peer", 1, Duration.ZERO)).isCompleted();
        assertThat(limiter.acquire("app:channel", 1, Duration.ZERO)).isCompleted();
    }

    @Test
    void refusesAtOnceWhenTheSlotIsBeyondMaxWaitWithoutConsumingIt() {
        FakeTime time = new FakeTime();
        LocalRateLimiter limiter = new LocalRateLimiter(SECOND, 0, time.now::get, time);
        limiter.acquire("k", 1, Duration.ZERO);
        CompletableFuture<RateLimiter.Permit> refused = limiter.acquire("k", 1, Duration.ofMillis(500));
        assertThat(refused).isCompletedExceptionally();
        assertThat(refused.handle((d, e) -> e).join()).isInstanceOfSatisfying(RtmLocalRateLimitException.class, e -> {
            assertThat(e.quotaKey()).isEqualTo("k");
            assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(1));
        });
        // the refusal did not push the next slot further away
        CompletableFuture<RateLimiter.Permit> next = limiter.acquire("k", 1, Duration.ofSeconds(1));
        time.advanceTo(time.now.get() + SECOND);
        assertThat(next.join().waited()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void penaltyHoldsEveryPermitUntilRetryAfter() {
        FakeTime time = new FakeTime();
        LocalRateLimiter limiter = new LocalRateLimiter(SECOND / 500, 0, time.now::get, time);
        long t0 = time.now.get();
        limiter.penalize("k", Duration.ofSeconds(2));
        List<Long> at = new ArrayList<>();
        limiter.acquire("k", 1, Duration.ofSeconds(5)).thenRun(() -> at.add(time.now.get()));
        time.advanceTo(t0 + 2 * SECOND - 1);
        assertThat(at).isEmpty();
        time.advanceTo(t0 + 2 * SECOND);
        assertThat(at).containsExactly(t0 + 2 * SECOND);
    }

    @Test
    void aShorterPenaltyNeverShortensAQueue() {
        FakeTime time = new FakeTime();
        LocalRateLimiter limiter = new LocalRateLimiter(SECOND, 0, time.now::get, time);
        for (int i = 0; i < 5; i++) {
            limiter.acquire("k", 1, Duration.ofSeconds(10));
        }
        limiter.penalize("k", Duration.ofSeconds(1));
        CompletableFuture<RateLimiter.Permit> sixth = limiter.acquire("k", 1, Duration.ofSeconds(10));
        time.advanceTo(time.now.get() + 10 * SECOND);
        assertThat(sixth.join().waited()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void cancellingAWaitCancelsItsScheduledCompletion() {
        FakeTime time = new FakeTime();
        LocalRateLimiter limiter = new LocalRateLimiter(SECOND, 0, time.now::get, time);
        limiter.acquire("k", 1, Duration.ZERO);
        CompletableFuture<RateLimiter.Permit> waiting = limiter.acquire("k", 1, Duration.ofSeconds(5));
        assertThat(waiting.cancel(false)).isTrue();
        time.advanceTo(time.now.get() + 5 * SECOND);
        assertThat(waiting).isCancelled();
    }

    @Test
    void guardHoldsPermitNUntilPermitZeroIsOverPlusOneWindow() {
        FakeTime time = new FakeTime();
        LocalRateLimiter limiter = new LocalRateLimiter(1, 3, time.now::get, time);
        long t0 = time.now.get();
        List<RateLimiter.Permit> first = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            CompletableFuture<RateLimiter.Permit> p = limiter.acquire("k", 1, Duration.ofSeconds(10));
            time.advanceTo(time.now.get() + 1);
            first.add(p.join());
        }
        CompletableFuture<RateLimiter.Permit> fourth = limiter.acquire("k", 1, Duration.ofSeconds(10));
        time.advanceTo(t0 + 5 * SECOND);
        assertThat(fourth).as("permit 0 is still in flight").isNotDone();
        first.get(0).release(true);          // the service answered permit 0 at t0 + 5 s
        time.advanceTo(t0 + 6 * SECOND - 1);
        assertThat(fourth).isNotDone();
        time.advanceTo(t0 + 6 * SECOND);
        assertThat(fourth).isCompleted();
    }

    @Test
    void aPermitThatNeverReachedTheServiceFreesItsSlotAtOnce() {
        FakeTime time = new FakeTime();
        LocalRateLimiter limiter = new LocalRateLimiter(1, 1, time.now::get, time);
        RateLimiter.Permit p = limiter.acquire("k", 1, Duration.ofSeconds(10)).join();
        CompletableFuture<RateLimiter.Permit> next = limiter.acquire("k", 1, Duration.ofSeconds(10));
        time.advanceTo(time.now.get() + 1_000);
        assertThat(next).as("permit 0 still in flight").isNotDone();
        p.release(false);
        time.advanceTo(time.now.get() + 1);
        assertThat(next).isCompleted();
    }

    @Test
    void aGuardWaitBeyondMaxWaitIsRefusedAndFreesItsOwnSlot() {
        FakeTime time = new FakeTime();
        LocalRateLimiter limiter = new LocalRateLimiter(1, 1, time.now::get, time);
        limiter.acquire("k", 1, Duration.ofSeconds(10)).join();      // never released
        CompletableFuture<RateLimiter.Permit> second = limiter.acquire("k", 1, Duration.ofMillis(200));
        time.advanceTo(time.now.get() + 200_000_000L);
        assertThat(second).isCompletedExceptionally();
        assertThat(second.handle((p, e) -> e).join()).isInstanceOf(RtmLocalRateLimitException.class);
        // the refused permit never went out: the one after it only waits for the first
        CompletableFuture<RateLimiter.Permit> third = limiter.acquire("k", 1, Duration.ofSeconds(10));
        assertThat(third).isNotDone();
    }

    @Test
    void withRandomNetworkDelaysTheServiceNeverSeesMoreThanTheRateInAnyWindow() {
        FakeTime time = new FakeTime();
        int rate = 50;
        LocalRateLimiter limiter = new LocalRateLimiter((long) (SECOND / rate * 1.005), rate, time.now::get, time);
        Random random = new Random(1);
        List<Long> admitted = new ArrayList<>();
        // each granted call reaches the service 0-120 ms later (cold connections, GC), answered 1 ms after that
        int calls = 1_000;
        for (int i = 0; i < calls; i++) {
            limiter.acquire("k", 1, Duration.ofSeconds(600)).thenAccept(permit -> {
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
        LocalRateLimiter limiter = new LocalRateLimiter((long) (SECOND / rate * 1.005), 0, time.now::get, time);
        List<Long> admitted = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            int n = i;
            limiter.acquire("k", 1, Duration.ofSeconds(600)).thenAccept(permit -> {
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
