package io.rtm.ratelimit.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Guice;
import com.google.inject.Injector;
import io.rtm.core.PeerMessage;
import io.rtm.core.RateLimit;
import io.rtm.core.RtmAsyncClient;
import io.rtm.core.RtmConfig;
import io.rtm.core.RtmCoreModule;
import io.rtm.core.SendResult;
import io.rtm.core.error.RtmConfigurationException;
import io.rtm.core.spi.RateLimiter;
import io.rtm.emulator.AppStats;
import io.rtm.emulator.junit.RtmEmulatorExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The limiter in the SDK: {@code Rtm.builder().rateLimiter(...)} against the emulator's strict window, Guice, the provider. */
class SdkWiringTest {

    @RegisterExtension
    static RtmEmulatorExtension rtm = RtmEmulatorExtension.create();

    private static TestRedis redis;

    @BeforeAll
    static void startRedisAndWarmUp() throws Exception {
        redis = TestRedis.start();
        // a cold JVM on this busy machine takes tens of ms per round trip at first: too slow to time any slot
        try (RedisRateLimiter limiter = limiter()) {
            new Demand(limiter, "warm-up", Duration.ofSeconds(1), null).run(8, Duration.ofMillis(700)).get();
        }
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    private static RedisRateLimiter limiter() {
        // generous timeouts for this busy machine (see FleetExactnessTest); the limits under test are the service's
        return RedisRateLimiter.builder().redisUri(redis.uri()).roundTripTimeout(Duration.ofSeconds(1))
                .maxLateness(Duration.ofMillis(10)).connectTimeout(Duration.ofSeconds(10)).build();
    }

    @Test
    void everyAttemptOfTwoSdkClientsTakesOneFleetPermitAndEvery429PausesTheFleet() throws Exception {
        try (RedisRateLimiter first = limiter(); RedisRateLimiter second = limiter();
             RtmAsyncClient a = rtm.clientBuilder().rateLimiter(first).buildAsync();
             RtmAsyncClient b = rtm.clientBuilder().rateLimiter(second).buildAsync()) {
            List<CompletableFuture<SendResult>> sends = new ArrayList<>();
            for (int i = 0; i < 350; i++) { // 700 sends at a 500/s quota: the emulator's window is full for over a second
                sends.add(a.sendPeer(PeerMessage.builder().from("alice").to("bob").payload("a" + i).build()));
                sends.add(b.sendPeer(PeerMessage.builder().from("carol").to("bob").payload("b" + i).build()));
            }
            int sent = 0;
            List<Throwable> failures = new ArrayList<>();
            for (CompletableFuture<SendResult> send : sends) {
                try {
                    send.get(30, TimeUnit.SECONDS);
                    sent++;
                } catch (java.util.concurrent.ExecutionException e) {
                    failures.add(e.getCause());
                }
            }

            AppStats stats = rtm.emulator().stats(rtm.app().appId());
            long tooMany = stats.byStatus().getOrDefault(429, 0L);
            System.out.println(sent + " sent, " + failures.size() + " refused by the lateness rule, " + tooMany + " answered 429");
            // nothing lost: a send refused by the lateness rule was never sent (this machine stalls JVMs past 3 slots)
            assertThat(failures).allMatch(Demand::isLatenessRefusal);
            assertThat(stats.byStatus().get(200)).isEqualTo(sent);
            // every HTTP attempt, first or retry, took exactly one permit of the shared quota; every 429 was shared
            assertThat(first.stats().redisGrants() + second.stats().redisGrants()).isEqualTo(stats.requests());
            assertThat(first.stats().penalties() + second.stats().penalties()).isEqualTo(tooMany);
            assertThat(first.stats().redisGrants()).isPositive();
            assertThat(second.stats().redisGrants()).isPositive();
        }
    }

    @Test
    void guiceModuleBindsTheRateLimiterOverTheLocalOne() {
        Injector injector = Guice.createInjector(new RtmCoreModule(RtmConfig.builder().appId("app").build()),
                new RedisRateLimiterModule(redis.uri()));
        RedisRateLimiter limiter = injector.getInstance(RedisRateLimiter.class);
        try {
            assertThat(injector.getInstance(RateLimiter.class)).isSameAs(limiter);
            assertThat(limiter.acquire("app:peer", 1, Duration.ofSeconds(1))).succeedsWithin(Duration.ofSeconds(5));
            assertThat(limiter.stats().redisGrants()).isEqualTo(1);
        } finally {
            limiter.close();
        }
    }

    @Test
    void providerAppliesWhenRtmRedisUrlIsSet() {
        RedisRateLimiterProvider provider = new RedisRateLimiterProvider();
        Map<String, String> env = Map.of("RTM_REDIS_URL", redis.uri(), "RTM_REDIS_FLEET_SIZE", "8");

        assertThat(provider.supports(Map.<String, String>of()::get)).isFalse();
        assertThat(provider.supports(env::get)).isTrue();
        try (RedisRateLimiter limiter = provider.create(env::get, RateLimit.perSecond(100))) {
            assertThat(limiter.toString()).contains("quota 100/s").contains("127.0.0.1:" + redis.port());
        }
        assertThatThrownBy(() -> provider.create(Map.of("RTM_REDIS_URL", redis.uri(), "RTM_REDIS_FLEET_SIZE", "many")::get,
                RateLimit.defaults())).isInstanceOf(RtmConfigurationException.class).hasMessageContaining("RTM_REDIS_FLEET_SIZE");
    }
}
