package io.rtm.ratelimit.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.rtm.core.error.RtmLocalRateLimitException;
import io.rtm.core.spi.Quota;
import io.rtm.core.spi.RateLimiter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Redis stops, or is not there yet, in the middle of sending: the failure policy, and the way back. Each test has its own redis-server. */
class FailurePolicyTest {

    /** 100 calls/s: while Redis is down, each of 4 processes paces at 25 × 0.97 = 24.25/s. */
    private static final Quota QUOTA = Quota.perSecond("app:peer", 100);
    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    private <T extends AutoCloseable> T closing(T resource) {
        resources.add(resource);
        return resource;
    }

    /** Counts the listener's calls. */
    private static final class Transitions implements RedisRateLimiterListener {
        final AtomicInteger down = new AtomicInteger();
        final AtomicInteger back = new AtomicInteger();

        @Override
        public void onRedisDown(Throwable cause) {
            down.incrementAndGet();
        }

        @Override
        public void onRedisBack(Duration outage) {
            back.incrementAndGet();
        }
    }

    private static RedisRateLimiter.Builder builder(TestRedis redis, Transitions transitions) {
        // Round trips on this shared machine can exceed the 100 ms default while other builds run (a stopped Redis is
        // noticed at once anyway: its connection drops and commands are rejected while it is down); its stalls can also
        // exceed the 5 ms default maxLateness, so 15 ms (still within the margin of utilization 0.97: 2 × 15 <= 31 ms).
        return RedisRateLimiter.builder().redisUri(redis.uri()).expectedFleetSize(4)
                .roundTripTimeout(Duration.ofMillis(500)).maxLateness(Duration.ofMillis(15)).connectTimeout(Duration.ofSeconds(10))
                .probeInterval(Duration.ofMillis(200)).listener(transitions);
    }

    @Test
    void pacesAtItsShareWhileRedisIsDownAndReturnsToRedisWhenItIsBack() throws Exception {
        TestRedis redis = closing(TestRedis.start());
        Transitions transitions = new Transitions();
        RedisRateLimiter limiter = closing(builder(redis, transitions).build());
        long start = System.nanoTime();
        CompletableFuture<Demand.Outcome> sending = new Demand(limiter, QUOTA, Duration.ofSeconds(2), null).run(8, Duration.ofMillis(4500));

        Thread.sleep(1200);
        long stopped = System.nanoTime();
        redis.stop();
        long stopReturned = System.nanoTime(); // stopping the process can take a while on a loaded machine
        Thread.sleep(1800);
        long restarted = System.nanoTime();
        redis.startAgain();
        Demand.Outcome outcome = sending.get(10, TimeUnit.SECONDS); // every acquire completed: none hung

        assertThat(outcome.failures()).as("no acquire failed, no exception escaped").isEmpty();
        long msBeforeStop = TimeUnit.NANOSECONDS.toMillis(stopped - start);
        assertThat(outcome.grantsBetween(start, stopped)).as("Redis: 97/s for %d ms", msBeforeStop)
                .isBetween((long) (msBeforeStop * 0.097 * 0.7), (long) (msBeforeStop * 0.097) + 2);
        // down: the local share, 100 / 4 × 0.97 = 24.25/s, measured from 0.3 s after the stop to the restart (about
        // 1.5 s; the stop's own time counts in it); at most one grant more than the pace for the span's start, one for
        // a grant due just before it that a stalled JVM delivered inside it
        long from = stopReturned + 300_000_000L;
        long downMs = TimeUnit.NANOSECONDS.toMillis(restarted - from);
        assertThat(outcome.grantsBetween(from, restarted)).as("local grants in %d ms", downMs)
                .isBetween((long) (downMs * 0.02425 * 0.7), (long) (downMs * 0.02425) + 2);
        // and the local guard never lets more than the share, 25, into any one second
        long[] localGrants = outcome.grants().stream().filter(g -> !g.permit().fromRedis()).mapToLong(g -> g.atNanos() / 1000)
                .sorted().toArray();
        assertThat(ServiceRecorder.maxInAnyWindow(localGrants, 1_000_000)).as("local grants in any one second").isLessThanOrEqualTo(25);
        assertThat(outcome.grants().stream().filter(g -> g.atNanos() - stopped > 0 && g.atNanos() - restarted < 0)
                .allMatch(g -> !g.permit().fromRedis() || g.atNanos() - stopped < 300_000_000L)).isTrue();
        // back: Redis again
        assertThat(outcome.grants().stream().filter(g -> g.atNanos() - restarted > 1_000_000_000L).allMatch(g -> g.permit().fromRedis()))
                .isTrue();
        assertThat(outcome.grantsBetween(restarted + 1_000_000_000L, Long.MAX_VALUE / 2 + restarted)).isPositive();
        RedisRateLimiterStats stats = limiter.stats();
        assertThat(stats.outages()).isEqualTo(1);
        assertThat(stats.recoveries()).isEqualTo(1);
        assertThat(stats.degraded()).isFalse();
        assertThat(stats.fallbackGrants()).isEqualTo(outcome.fromFallback()).isPositive();
        assertThat(transitions.down).hasValue(1);
        assertThat(transitions.back).hasValue(1);
    }

    @Test
    void onReturnChargesRecentLocalGrantsToTheFleetAndMovesWaitingAcquiresToRedis() throws Exception {
        TestRedis redis = closing(TestRedis.start());
        Transitions transitions = new Transitions();
        RedisRateLimiter limiter = closing(builder(redis, transitions).probeInterval(Duration.ofSeconds(1)).build());
        redis.stop();

        List<CompletableFuture<RateLimiter.Permit>> permits = new ArrayList<>();
        for (int i = 0; i < 40; i++) { // 1.6 s of the local share (24.25/s): most still wait when Redis returns
            permits.add(limiter.acquire(QUOTA, Duration.ofSeconds(5)));
        }
        Thread.sleep(300);
        assertThat(limiter.stats().degraded()).isTrue();
        redis.startAgain();
        assertThatEventually(() -> !limiter.stats().degraded());

        int fromRedis = 0;
        int local = 0;
        for (CompletableFuture<RateLimiter.Permit> permit : permits) {
            if (((FleetPermit) permit.get(5, TimeUnit.SECONDS)).fromRedis()) {
                fromRedis++;
            } else {
                local++;
            }
            permit.get().release(true);
        }
        assertThat(local).as("granted locally before Redis returned").isPositive();
        assertThat(fromRedis).as("moved to Redis when it returned").isPositive();
        assertThat(local + fromRedis).isEqualTo(40);
        // a fresh Redis knew nothing of the local grants: the charge made it count them (and the moved acquires)
        RedisClient client = redis.client();
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            assertThat(c.sync().get("rtm:ratelimit:" + QUOTA.key())).isNotNull();
        } finally {
            client.shutdown();
        }
    }

    @Test
    void failFastRefusesEveryPermitWhileRedisIsDown() throws Exception {
        TestRedis redis = closing(TestRedis.start());
        RedisRateLimiter limiter = closing(builder(redis, new Transitions()).failurePolicy(FailurePolicy.FAIL_FAST).build());
        assertThat(limiter.acquire(QUOTA, Duration.ofSeconds(1)).get(5, TimeUnit.SECONDS)).isNotNull();

        redis.stop();
        long start = System.nanoTime();
        CompletableFuture<RateLimiter.Permit> refused = limiter.acquire(QUOTA, Duration.ofSeconds(1));

        assertThatThrownBy(() -> refused.get(5, TimeUnit.SECONDS)).cause()
                .isInstanceOfSatisfying(RtmLocalRateLimitException.class, e -> {
                    assertThat(e.quotaKey()).isEqualTo(QUOTA.key());
                    assertThat(e.retryAfter()).isEqualTo(Duration.ofMillis(200)); // the probe interval
                    assertThat(e.getMessage()).contains("unreachable").contains("FAIL_FAST").contains("127.0.0.1:" + redis.port());
                });
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        assertThat(limiter.stats().fallbackGrants()).isZero();

        redis.startAgain();
        assertThatEventually(() -> !limiter.stats().degraded());
        assertThat(((FleetPermit) limiter.acquire(QUOTA, Duration.ofSeconds(1)).get(5, TimeUnit.SECONDS)).fromRedis()).isTrue();
    }

    @Test
    void startsOnItsFailurePolicyWhenRedisIsNotUpYetAndSwitchesToItOnceItIs() throws Exception {
        TestRedis redis = closing(TestRedis.notStarted());
        Transitions transitions = new Transitions();
        long start = System.nanoTime();
        RedisRateLimiter limiter = closing(builder(redis, transitions).connectTimeout(Duration.ofMillis(300)).build());

        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("build() waits at most connectTimeout, plus set-up")
                .isLessThan(Duration.ofSeconds(3));
        assertThat(limiter.stats().degraded()).isTrue();
        FleetPermit local = (FleetPermit) limiter.acquire(QUOTA, Duration.ofSeconds(1)).get(5, TimeUnit.SECONDS);
        assertThat(local.fromRedis()).isFalse();
        local.release(true);

        redis.startAgain();
        assertThatEventually(() -> !limiter.stats().degraded());
        assertThat(((FleetPermit) limiter.acquire(QUOTA, Duration.ofSeconds(1)).get(5, TimeUnit.SECONDS)).fromRedis()).isTrue();
        assertThat(transitions.down).hasValue(1);
        assertThat(transitions.back).hasValue(1);
    }

    private static void assertThatEventually(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("condition within 5 s").isNegative();
            Thread.sleep(10);
        }
    }
}
