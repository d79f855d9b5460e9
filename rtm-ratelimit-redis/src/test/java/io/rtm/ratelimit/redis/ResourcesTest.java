package io.rtm.ratelimit.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.rtm.core.error.RtmConfigurationException;
import io.rtm.core.spi.Quota;
import io.rtm.core.spi.RateLimiter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** No thread waits for a slot; close() leaves nothing running; what the caller gave is left open. */
class ResourcesTest {

    private static final Quota PEER = Quota.perSecond("app:peer", 500);
    private static final Quota TEN_PER_SECOND = Quota.perSecond("app:ten", 10);
    private static TestRedis redis;

    @BeforeAll
    static void startRedis() {
        redis = TestRedis.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @Test
    void twoThousandConcurrentAcquiresCompleteOnABoundedNumberOfThreads() throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (RedisRateLimiter limiter = RedisRateLimiter.builder().redisUri(redis.uri()).roundTripTimeout(Duration.ofSeconds(1)).connectTimeout(Duration.ofSeconds(10))
                .maxLateness(Duration.ofMillis(15)).build()) {
            limiter.acquire(Quota.perSecond("warm-up", 500), Duration.ofSeconds(1)).get(5, TimeUnit.SECONDS); // Lettuce's threads exist now
            int before = threads.getThreadCount();
            String app = UUID.randomUUID().toString();

            List<CompletableFuture<RateLimiter.Permit>> acquires = new ArrayList<>();
            for (int i = 0; i < 2000; i++) { // 20 keys × 100 acquires: about 0.2 s of slots per key, all waiting at once
                acquires.add(limiter.acquire(Quota.perSecond(app + "-" + (i % 20) + ":peer", 500), Duration.ofSeconds(5)));
            }
            int peak = threads.getThreadCount();
            while (!acquires.stream().allMatch(CompletableFuture::isDone)) {
                peak = Math.max(peak, threads.getThreadCount());
                Thread.sleep(5);
            }

            long granted = acquires.stream().filter(f -> !f.isCompletedExceptionally()).count();
            assertThat(granted).isEqualTo(2000);
            assertThat(peak - before).as("threads started while 2,000 acquires waited").isLessThanOrEqualTo(4);
            System.out.println(limiter.stats());
            assertThat(limiter.stats().redisGrants()).isEqualTo(2001);
        }
    }

    @Test
    void closeStopsEveryThreadItStarted() throws Exception {
        Set<String> before = liveThreadNames();
        RedisRateLimiter limiter = RedisRateLimiter.builder().redisUri(redis.uri()).roundTripTimeout(Duration.ofSeconds(1)).connectTimeout(Duration.ofSeconds(10)).build();
        for (int i = 0; i < 10; i++) {
            limiter.acquire(PEER, Duration.ofSeconds(1)).get(5, TimeUnit.SECONDS);
        }
        assertThat(liveThreadNames()).anyMatch(n -> n.startsWith("lettuce-")).anyMatch(n -> n.startsWith("rtm-redis-limiter-"));

        limiter.close();

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        Set<String> left;
        while (!(left = newThreads(before)).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(left).as("threads left behind by a closed limiter").isEmpty();
    }

    @Test
    void closeFailsTheAcquiresStillWaitingAndEveryLaterOne() throws Exception {
        RedisRateLimiter limiter = RedisRateLimiter.builder().redisUri(redis.uri()).connectTimeout(Duration.ofSeconds(10)).build();
        limiter.acquire(TEN_PER_SECOND, Duration.ofSeconds(1)).get(5, TimeUnit.SECONDS);
        CompletableFuture<RateLimiter.Permit> waiting = limiter.acquire(TEN_PER_SECOND, Duration.ofSeconds(1)); // ~103 ms away

        limiter.close();

        assertThatThrownBy(() -> waiting.get(1, TimeUnit.SECONDS)).cause()
                .isInstanceOf(RtmConfigurationException.class).hasMessageContaining("closed");
        assertThat(limiter.acquire(TEN_PER_SECOND, Duration.ofSeconds(1))).failsWithin(Duration.ofSeconds(1))
                .withThrowableThat().withCauseInstanceOf(RtmConfigurationException.class);
        limiter.close(); // idempotent
    }

    @Test
    void leavesTheCallersClientAndConnectionOpen() throws Exception {
        RedisClient client = redis.client();
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisRateLimiter onConnection = RedisRateLimiter.builder().connection(connection).build();
            onConnection.acquire(PEER, Duration.ofSeconds(1)).get(5, TimeUnit.SECONDS);
            onConnection.close();
            assertThat(connection.isOpen()).isTrue();
            assertThat(connection.sync().ping()).isEqualTo("PONG");

            RedisRateLimiter onClient = RedisRateLimiter.builder().redisClient(client).redisUri(redis.uri()).build();
            onClient.acquire(PEER, Duration.ofSeconds(1)).get(5, TimeUnit.SECONDS);
            onClient.close();
            try (StatefulRedisConnection<String, String> another = client.connect()) {
                assertThat(another.sync().ping()).isEqualTo("PONG");
            }
        } finally {
            client.shutdown();
        }
    }

    private static Set<String> newThreads(Set<String> before) {
        return liveThreadNames().stream().filter(n -> !before.contains(n)).collect(Collectors.toSet());
    }

    private static Set<String> liveThreadNames() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName).collect(Collectors.toSet());
    }
}
