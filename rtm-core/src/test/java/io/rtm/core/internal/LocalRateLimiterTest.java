package io.rtm.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtm.core.error.RtmRateLimitedException;
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
        LocalRateLimiter limiter = new LocalRateLimiter(SECOND / rate, time.now::get, time);
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
        LocalRateLimiter limiter = new LocalRateLimiter(SECOND / 500, time.now::get, time);
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
        LocalRateLimiter limiter = new LocalRateLimiter(SECOND, time.now::get, time);
        assertThat(limiter.acquire("app:peer", 1, Duration.ZERO)).isCompletedWithValue(Duration.ZERO);
        assertThat(limiter.acquire("app:channel", 1, Duration.ZERO)).isCompletedWithValue(Duration.ZERO);
    }

    @Test
    void refusesAtOnceWhenTheSlotIsBeyondMaxWaitWithoutConsumingIt() {
        FakeTime time = new FakeTime();
        LocalRateLimiter limiter = new LocalRateLimiter(SECOND, time.now::get, time);
        limiter.acquire("k", 1, Duration.ZERO);
        CompletableFuture<Duration> refused = limiter.acquire("k", 1, Duration.ofMillis(500));
        assertThat(refused).isCompletedExceptionally();
        assertThat(refused.handle((d, e) -> e).join()).isInstanceOfSatisfying(RtmRateLimitedException.class, e -> {
            assertThat(e.isLocal()).isTrue();
            assertThat(e.retryAfter()).contains(Duration.ofSeconds(1));
        });
        // the refusal did not push the next slot further away
        CompletableFuture<Duration> next = limiter.acquire("k", 1, Duration.ofSeconds(1));
        time.advanceTo(time.now.get() + SECOND);
        assertThat(next).isCompletedWithValue(Duration.ofSeconds(1));
    }

    @Test
    void penaltyHoldsEveryPermitUntilRetryAfter() {
        FakeTime time = new FakeTime();
        LocalRateLimiter limiter = new LocalRateLimiter(SECOND / 500, time.now::get, time);
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
        LocalRateLimiter limiter = new LocalRateLimiter(SECOND, time.now::get, time);
        for (int i = 0; i < 5; i++) {
            limiter.acquire("k", 1, Duration.ofSeconds(10));
        }
        limiter.penalize("k", Duration.ofSeconds(1));
        CompletableFuture<Duration> sixth = limiter.acquire("k", 1, Duration.ofSeconds(10));
        time.advanceTo(time.now.get() + 10 * SECOND);
        assertThat(sixth).isCompletedWithValue(Duration.ofSeconds(5));
    }

    @Test
    void cancellingAWaitCancelsItsScheduledCompletion() {
        FakeTime time = new FakeTime();
        LocalRateLimiter limiter = new LocalRateLimiter(SECOND, time.now::get, time);
        limiter.acquire("k", 1, Duration.ZERO);
        CompletableFuture<Duration> waiting = limiter.acquire("k", 1, Duration.ofSeconds(5));
        assertThat(waiting.cancel(false)).isTrue();
        time.advanceTo(time.now.get() + 5 * SECOND);
        assertThat(waiting).isCancelled();
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
