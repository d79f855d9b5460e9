package io.rtm.ratelimit.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.rtm.core.error.RtmConfigurationException;
import io.rtm.core.spi.Quota;
import io.rtm.core.spi.RateLimiter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The fleet's window guard in Redis, exactly (microseconds of Redis time): each permit's place in the quota's sorted
 * set and when it stops counting, and a slot that moves to where enough places end. Paced at half the quota with a
 * 100 ms maxLateness, as {@link FleetBehaviourTest} and for the same reason.
 */
class FleetGuardTest {

    private static final long W = 1_000_000;       // the window, microseconds
    private static final long J = 20_000;          // the default arrival spread, microseconds
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

    /** A limiter past its cold start (coldStart zero): the guard's steady rules. */
    private RedisRateLimiter limiter() {
        return limiter(Duration.ZERO);
    }

    private RedisRateLimiter limiter(Duration coldStart) {
        RedisRateLimiter limiter = RedisRateLimiter.builder().redisUri(redis.uri()).utilization(0.5)
                .maxLateness(Duration.ofMillis(100)).roundTripTimeout(Duration.ofSeconds(1)).connectTimeout(Duration.ofSeconds(10))
                .coldStart(coldStart).build();
        limiters.add(limiter);
        return limiter;
    }

    private Quota quota(int permits) {
        return Quota.perSecond(key, permits);
    }

    private static FleetPermit permit(CompletableFuture<RateLimiter.Permit> future) throws Exception {
        return (FleetPermit) future.get(10, TimeUnit.SECONDS);
    }

    private static RedisCommands<String, String> commands() {
        return connection.sync();
    }

    /** The guard's places (score = when each stops counting), waiting up to 5 s until {@code until} holds. */
    private List<ScoredValue<String>> places(Predicate<List<ScoredValue<String>>> until) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        List<ScoredValue<String>> places;
        while (!until.test(places = commands().zrangeWithScores(PREFIX + key + ":held", 0, -1)) && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        return places;
    }

    private static long end(ScoredValue<String> place) {
        return (long) place.getScore();
    }

    @Test
    void beforeAnyReplyARunningPermitCountsTwoWindowsAndTheSpreadAfterItsSlotUnlessItsReplySaysOtherwise() throws Exception {
        FleetPermit a = permit(limiter().acquire(quota(10), Duration.ofSeconds(1)));
        List<ScoredValue<String>> places = places(p -> p.size() == 1);
        assertThat(places).hasSize(1);
        assertThat(end(places.get(0))).as("a cold start: its reply will tell").isEqualTo(a.redisSlotMicros() + 2 * W + J);
    }

    @Test
    void inItsColdStartAProcessHoldsARunningPermitFourWindowsAndAReleasedOneUntilAWindowAfterItsReply() throws Exception {
        RedisRateLimiter limiter = limiter(Duration.ofSeconds(2)); // the default
        FleetPermit first = permit(limiter.acquire(quota(10), Duration.ofSeconds(1)));
        assertThat(end(places(p -> p.size() == 1).get(0))).as("running, before any reply: four windows")
                .isEqualTo(first.redisSlotMicros() + 4 * W);
        Thread.sleep(150);
        first.release(true);  // the first reply, 150 ms after the slot: it is the floor, yet it proves only "before the reply"
        List<ScoredValue<String>> released = places(p -> p.size() == 1 && end(p.get(0)) < first.redisSlotMicros() + 2 * W);
        assertThat(end(released.get(0)) - first.redisSlotMicros()).as("one window after the reply, not after the spread")
                .isBetween(W + 150_000, W + 600_000);
        FleetPermit second = permit(limiter.acquire(quota(10), Duration.ofSeconds(1)));
        List<ScoredValue<String>> both = places(p -> p.size() == 2);
        assertThat(both).extracting(FleetGuardTest::end).as("still cold: the running one counts four windows")
                .contains(second.redisSlotMicros() + 4 * W);
        // the same two steps past the cold start: the first reply is the floor, so it counts the spread
        RedisRateLimiter warm = limiter();
        key = key + "-warm";
        FleetPermit a = permit(warm.acquire(quota(10), Duration.ofSeconds(1)));
        assertThat(end(places(p -> p.size() == 1).get(0))).isEqualTo(a.redisSlotMicros() + 2 * W + J);
        Thread.sleep(150);
        a.release(true);
        assertThat(end(places(p -> p.size() == 1 && end(p.get(0)) < a.redisSlotMicros() + 2 * W).get(0)))
                .isEqualTo(a.redisSlotMicros() + W + J);
    }

    @Test
    void aColdStartLongerThanTenMinutesOrNegativeIsRefused() {
        assertThatThrownBy(() -> RedisRateLimiter.builder().redisUri(redis.uri()).coldStart(Duration.ofMillis(-1)).build())
                .isInstanceOf(RtmConfigurationException.class).hasMessage("coldStart must be within [0, 10 min]: PT-0.001S");
        assertThatThrownBy(() -> RedisRateLimiter.builder().redisUri(redis.uri()).coldStart(Duration.ofMinutes(11)).build())
                .isInstanceOf(RtmConfigurationException.class).hasMessage("coldStart must be within [0, 10 min]: PT11M");
    }

    @Test
    void aReleasedPermitCountsUntilOneWindowAfterWhatItsReplyTells() throws Exception {
        RedisRateLimiter limiter = limiter();
        FleetPermit fast = permit(limiter.acquire(quota(10), Duration.ofSeconds(1)));
        fast.release(true);                                   // the floor: a few ms after its slot
        FleetPermit slow = permit(limiter.acquire(quota(10), Duration.ofSeconds(1)));
        Thread.sleep(300);
        slow.release(true);                                   // ~300 ms later than the floor: it may have been that late
        // the release is asynchronous: until it lands, the slow permit's place is its cold-start one (2 windows and the
        // spread after its slot), which is later still, so wait for a place between the two
        List<ScoredValue<String>> places = places(p -> p.size() == 2 && p.stream().anyMatch(v -> {
            long counted = end(v) - slow.redisSlotMicros();
            return counted > W + 200_000 && counted < 2 * W;
        }) && p.stream().anyMatch(v -> end(v) - fast.redisSlotMicros() <= W + J));
        assertThat(places).hasSize(2);
        long fastEnd = end(places.get(0)); // sorted by when they stop counting
        long slowEnd = end(places.get(1));
        // the fast one: counted at most its latency (< 20 ms) after its slot
        assertThat(fastEnd - fast.redisSlotMicros()).isBetween(W, W + J);
        // the slow one: its 300 ms, less the floor's few ms; loose above for a loaded machine's late release
        assertThat(slowEnd - slow.redisSlotMicros()).isBetween(W + 250_000, W + 600_000);
    }

    @Test
    void aFasterReplyLaterExtendsThePlaceOfAPermitReleasedAgainstTheOldFloor() throws Exception {
        RedisRateLimiter limiter = limiter();
        FleetPermit slow = permit(limiter.acquire(quota(10), Duration.ofSeconds(1)));
        Thread.sleep(300);
        slow.release(true);                                   // the first reply: 300 ms is the floor, so it looks on time
        List<ScoredValue<String>> first = places(p -> p.size() == 1 && end(p.get(0)) < slow.redisSlotMicros() + W + J + 1);
        assertThat(end(first.get(0))).isEqualTo(slow.redisSlotMicros() + W + J);
        FleetPermit fast = permit(limiter.acquire(quota(10), Duration.ofSeconds(1)));
        fast.release(true);                                   // a few ms: the slow one was ~300 ms late after all
        // the fast one ends within a window and its few ms of its slot; the slow one's place grew by ~300 ms (loose above
        // for a loaded machine's late release)
        Predicate<Long> fastEnd = e -> e >= fast.redisSlotMicros() + W && e <= fast.redisSlotMicros() + W + J;
        Predicate<Long> slowEnd = e -> e >= slow.redisSlotMicros() + W + 250_000 && e <= slow.redisSlotMicros() + W + 600_000;
        List<ScoredValue<String>> places = places(p -> p.size() == 2 && p.stream().map(FleetGuardTest::end).anyMatch(fastEnd)
                && p.stream().map(FleetGuardTest::end).anyMatch(slowEnd));
        assertThat(places).extracting(FleetGuardTest::end).hasSize(2).anyMatch(fastEnd).anyMatch(slowEnd);
    }

    @Test
    void aPermitThatNeverReachedTheServiceGivesItsPlaceUpAtOnce() throws Exception {
        FleetPermit a = permit(limiter().acquire(quota(10), Duration.ofSeconds(1)));
        assertThat(places(p -> p.size() == 1)).hasSize(1);
        a.release(false);
        assertThat(places(List::isEmpty)).isEmpty();
    }

    @Test
    void aSlotGoesOnlyWhereFewerThanTheQuotaStillCountElseWhereEnoughOfThemEnd() throws Exception {
        RedisRateLimiter limiter = limiter();
        Quota four = quota(4);                                // paced 500 ms apart at utilization 0.5
        FleetPermit first = permit(limiter.acquire(four, Duration.ofSeconds(5)));
        first.release(true);                                  // replies come within a window: running permits wait for theirs
        places(p -> p.size() == 1 && end(p.get(0)) < first.redisSlotMicros() + W + J + 1);
        List<CompletableFuture<RateLimiter.Permit>> running = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            running.add(limiter.acquire(four, Duration.ofSeconds(5))); // slots at +0.5, +1.0, +1.5, +2.0 s, never released
        }
        CompletableFuture<RateLimiter.Permit> fifth = limiter.acquire(four, Duration.ofSeconds(5)); // its pace: +2.5 s
        FleetPermit a = permit(running.get(0));
        FleetPermit e = permit(fifth);
        assertThat(a.redisSlotMicros() - first.redisSlotMicros()).isEqualTo(500_000);
        // at +2.5 s the four running ones still count (each two windows and the spread after its slot): it goes when
        // the first of them ends
        assertThat(e.redisSlotMicros()).isEqualTo(a.redisSlotMicros() + 2 * W + J);
    }

    @Test
    void withoutTheGuardNothingIsKeptInRedisButTheTat() throws Exception {
        RedisRateLimiter limiter = RedisRateLimiter.builder().redisUri(redis.uri()).utilization(0.5)
                .maxLateness(Duration.ofMillis(100)).roundTripTimeout(Duration.ofSeconds(1)).windowGuard(false).build();
        limiters.add(limiter);
        permit(limiter.acquire(quota(10), Duration.ofSeconds(1))).release(true);
        Thread.sleep(100);
        assertThat(commands().exists(PREFIX + key + ":held")).isZero();
        assertThat(commands().exists(PREFIX + key)).isOne();
    }
}
