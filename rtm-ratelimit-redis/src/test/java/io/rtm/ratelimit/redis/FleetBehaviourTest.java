package io.rtm.ratelimit.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.rtm.core.error.RtmLocalRateLimitException;
import io.rtm.core.spi.Quota;
import io.rtm.core.spi.RateLimiter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One behaviour at a time, against a real redis-server; slots are checked exactly, in microseconds of Redis time.
 *
 * <p>Most tests pace at half the quota with a 100 ms maxLateness (a margin that allows it): this shared 2-core machine
 * stalls a JVM for tens of milliseconds at times, which would make the lateness rule re-reserve slots and blur the
 * slot arithmetic under test. The lateness rule has its own tests, with a clock the test moves.
 */
class FleetBehaviourTest {

    private static final double UTILIZATION = 0.5;
    private static final Duration MAX_LATENESS = Duration.ofMillis(100);
    private static final long INTERVAL_AT_100 = 20_000;  // 1 s / (100 × 0.5), microseconds
    private static final long INTERVAL_AT_10 = 200_000;  // 1 s / (10 × 0.5)
    private static final String PREFIX = "rtm:ratelimit:";

    private static TestRedis redis;
    private static RedisClient client;
    private static StatefulRedisConnection<String, String> connection;
    private final List<RedisRateLimiter> limiters = new ArrayList<>();
    private String key;

    @BeforeAll
    static void startRedis() {
        redis = TestRedis.start();
        client = redis.client();
        connection = client.connect();
    }

    @AfterAll
    static void stopRedis() {
        connection.close();
        client.shutdown();
        redis.close();
    }

    @BeforeEach
    void freshKey() {
        key = "app-" + UUID.randomUUID() + ":peer";
    }

    @AfterEach
    void closeLimiters() {
        limiters.forEach(RedisRateLimiter::close);
    }

    private RedisRateLimiter limiter() {
        return limiter(RedisRateLimiter.builder().utilization(UTILIZATION).maxLateness(MAX_LATENESS));
    }

    /** The test's key with this many calls per second. */
    private Quota quota(int permits) {
        return Quota.perSecond(key, permits);
    }

    private RedisRateLimiter limiter(RedisRateLimiter.Builder builder) {
        // round trips on this shared machine can exceed the 100 ms default when other builds run beside the tests
        RedisRateLimiter limiter = builder.redisUri(redis.uri()).roundTripTimeout(Duration.ofSeconds(1))
                .connectTimeout(Duration.ofSeconds(10)).build(); // a cold JVM's first connection is slow here too
        limiters.add(limiter);
        return limiter;
    }

    private static FleetPermit permit(CompletableFuture<RateLimiter.Permit> future) throws Exception {
        return (FleetPermit) future.get(10, TimeUnit.SECONDS);
    }

    private static RedisCommands<String, String> redisCommands() {
        return connection.sync();
    }

    private static long redisNowMicros() {
        List<String> time = redisCommands().time();
        return Long.parseLong(time.get(0)) * 1_000_000 + Long.parseLong(time.get(1));
    }

    @Test
    void reservesSlotsAheadOneIntervalApartWithoutWaitingForThem() throws Exception {
        RedisRateLimiter limiter = limiter();

        long start = System.nanoTime();
        List<CompletableFuture<RateLimiter.Permit>> futures = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            futures.add(limiter.acquire(quota(100), Duration.ofSeconds(2)));
        }
        long issuing = System.nanoTime() - start;

        assertThat(futures.get(29)).as("the last slot is 580 ms away").isNotDone();
        assertThat(Duration.ofNanos(issuing)).as("30 acquires returned without waiting for their slots").isLessThan(Duration.ofMillis(300));
        long previous = permit(futures.get(0)).redisSlotMicros();
        for (int i = 1; i < 30; i++) {
            long slot = permit(futures.get(i)).redisSlotMicros();
            assertThat(slot - previous).as("slot %d after slot %d", i, i - 1).isEqualTo(INTERVAL_AT_100);
            previous = slot;
        }
        assertThat(permit(futures.get(29)).waited()).isGreaterThan(Duration.ofMillis(550));
        assertThat(limiter.stats().redisGrants()).isEqualTo(30);
    }

    @Test
    void refusesASlotBeyondMaxWaitWithALocalRateLimitedErrorAndKeepsItFree() throws Exception {
        RedisRateLimiter limiter = limiter();
        long first = permit(limiter.acquire(quota(10), Duration.ofMillis(300))).redisSlotMicros();
        CompletableFuture<RateLimiter.Permit> second = limiter.acquire(quota(10), Duration.ofMillis(300)); // ~200 ms away
        CompletableFuture<RateLimiter.Permit> third = limiter.acquire(quota(10), Duration.ofMillis(300));  // ~400 ms away

        assertThatThrownBy(() -> third.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(RtmLocalRateLimitException.class, e -> {
                    assertThat(e.quotaKey()).isEqualTo(key);
                    assertThat(e.attempts()).isZero();
                    assertThat(e.retryAfter()).isBetween(Duration.ofMillis(300), Duration.ofMillis(400));
                    assertThat(e.getMessage()).contains(key).contains("allowed wait of 300 ms").contains("nothing was sent");
                });
        assertThat(permit(second).redisSlotMicros()).isEqualTo(first + INTERVAL_AT_10);
        // the refused acquire reserved nothing: the next one gets the slot it would have had
        assertThat(permit(limiter.acquire(quota(10), Duration.ofSeconds(1))).redisSlotMicros()).isEqualTo(first + 2 * INTERVAL_AT_10);
        assertThat(limiter.stats().refusals()).isEqualTo(1);
        assertThat(limiter.stats().redisGrants()).isEqualTo(3);
    }

    @Test
    void aPenaltyFromOneInstancePausesAnotherUntilRetryAfter() throws Exception {
        RedisRateLimiter penalized = limiter();
        RedisRateLimiter other = limiter(); // another process, as far as Redis can tell: its own client and connection

        penalized.penalize(quota(500), Duration.ofSeconds(1));
        long notBefore = awaitKey();
        long penaltyLeft = notBefore - redisNowMicros();
        FleetPermit permit = permit(other.acquire(quota(500), Duration.ofSeconds(5)));

        assertThat(penaltyLeft).as("the shared pause, microseconds").isBetween(800_000L, 1_000_000L);
        assertThat(permit.redisSlotMicros()).isEqualTo(notBefore);
        assertThat(permit.waited()).isGreaterThan(Duration.ofMillis(700));
        assertThat(penalized.stats().penalties()).isEqualTo(1);
    }

    @Test
    void capsRetryAfterAtMaxPenalty() throws Exception {
        RedisRateLimiter limiter = limiter(RedisRateLimiter.builder().utilization(UTILIZATION).maxLateness(MAX_LATENESS)
                .maxPenalty(Duration.ofMillis(300)));

        limiter.penalize(quota(500), Duration.ofHours(1));
        long notBefore = awaitKey();
        long penaltyLeft = notBefore - redisNowMicros();
        FleetPermit permit = permit(limiter.acquire(quota(500), Duration.ofSeconds(5)));

        assertThat(penaltyLeft).isBetween(100_000L, 300_000L);
        assertThat(permit.redisSlotMicros()).isEqualTo(notBefore);
    }

    @Test
    void ignoresARetryAfterThatIsNegativeZeroOrMissing() throws Exception {
        RedisRateLimiter limiter = limiter();

        limiter.penalize(quota(500), Duration.ofSeconds(-5));
        limiter.penalize(quota(500), Duration.ZERO);
        limiter.penalize(quota(500), null);
        Thread.sleep(100);

        assertThat(redisCommands().get(PREFIX + key)).isNull();
        assertThat(limiter.stats().penalties()).isZero();
        assertThat(permit(limiter.acquire(quota(500), Duration.ZERO)).waited()).isLessThan(Duration.ofMillis(100));
    }

    @Test
    void aSlotThatCouldOnlyBeUsedLateIsGivenUpAndAnotherReserved() throws Exception {
        AtomicLong pause = new AtomicLong();
        RedisRateLimiter limiter = limiter(RedisRateLimiter.builder().utilization(UTILIZATION).windowGuard(false)
                .maxLateness(Duration.ofMillis(50)).nanoClock(() -> System.nanoTime() + pause.get()));
        long first = permit(limiter.acquire(quota(10), Duration.ofSeconds(1))).redisSlotMicros();
        CompletableFuture<RateLimiter.Permit> second = limiter.acquire(quota(10), Duration.ofSeconds(1)); // slot ~200 ms away

        Thread.sleep(50);
        pause.addAndGet(Duration.ofMillis(150).toNanos()); // as if the process had paused 150 ms: its slot will have passed
        FleetPermit granted = permit(second);

        assertThat(limiter.stats().lateSlots()).isEqualTo(1);
        assertThat(granted.redisSlotMicros()).as("the next slot, not the one it missed").isEqualTo(first + 2 * INTERVAL_AT_10);
    }

    @Test
    void withTheWindowGuardAPermitUpToHalfAWindowLateIsStillGranted() throws Exception {
        AtomicLong pause = new AtomicLong();
        RedisRateLimiter limiter = limiter(RedisRateLimiter.builder().utilization(UTILIZATION)
                .maxLateness(Duration.ofMillis(50)).nanoClock(() -> System.nanoTime() + pause.get()));
        long first = permit(limiter.acquire(quota(10), Duration.ofSeconds(1))).redisSlotMicros();
        CompletableFuture<RateLimiter.Permit> second = limiter.acquire(quota(10), Duration.ofSeconds(1)); // slot ~200 ms away

        Thread.sleep(50);
        pause.addAndGet(Duration.ofMillis(150).toNanos()); // its slot will have passed by ~150 ms: the guard covers it
        FleetPermit granted = permit(second);

        assertThat(limiter.stats().lateSlots()).isZero();
        assertThat(granted.redisSlotMicros()).as("its own slot").isEqualTo(first + INTERVAL_AT_10);
    }

    @Test
    void refusesOnlyWhenSlotsKeptComingAndGoingUnusableForTheWholeWait() throws Exception {
        // every reading of the clock on the limiter's thread finds 20 ms more gone: no slot is ever on time
        RedisRateLimiter limiter = limiter(RedisRateLimiter.builder().windowGuard(false).nanoClock(new StallingClock()));

        CompletableFuture<RateLimiter.Permit> future = limiter.acquire(quota(10), Duration.ofSeconds(2));

        assertThatThrownBy(() -> future.get(5, TimeUnit.SECONDS)).cause()
                .isInstanceOfSatisfying(RtmLocalRateLimitException.class, e -> {
                    assertThat(e.quotaKey()).isEqualTo(key);
                    // the last attempt finds its next slot beyond what is left of the wait, or misses it too
                    assertThat(e.getMessage()).contains("allowed wait of 2000 ms").contains("nothing was sent");
                });
        assertThat(limiter.stats().lateSlots()).as("re-reserved until the wait ran out").isGreaterThan(FleetLimiter.MAX_LATE_SLOTS);
        assertThat(limiter.stats().redisGrants()).isZero();
    }

    @Test
    void cancellingAnAcquireStopsItsWait() throws Exception {
        RedisRateLimiter limiter = limiter();
        permit(limiter.acquire(quota(10), Duration.ofSeconds(1)));
        CompletableFuture<RateLimiter.Permit> waiting = limiter.acquire(quota(10), Duration.ofSeconds(1));
        Thread.sleep(50); // its slot, ~200 ms away, is reserved and its grant scheduled

        waiting.cancel(false);
        Thread.sleep(250);

        assertThat(limiter.stats().redisGrants()).isEqualTo(1);
        assertThat(waiting).isCancelled();
    }

    /** Waits until a penalty reached Redis; returns the key's TAT (the first slot it allows), microseconds. */
    private long awaitKey() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        String value;
        while ((value = redisCommands().get(PREFIX + key)) == null && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        assertThat(value).as("the penalty reached Redis").isNotNull();
        return Long.parseLong(value);
    }

    /** A monotonic clock that jumps 20 ms each time the limiter's own thread reads it. */
    private static final class StallingClock implements java.util.function.LongSupplier {
        private final AtomicLong stalled = new AtomicLong();

        @Override
        public long getAsLong() {
            if (Thread.currentThread().getName().startsWith("rtm-redis-limiter-")) {
                stalled.addAndGet(Duration.ofMillis(20).toNanos());
            }
            return System.nanoTime() + stalled.get();
        }
    }
}
