package io.rtm.ratelimit.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.multibindings.OptionalBinder;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.rtm.core.ChannelMessage;
import io.rtm.core.Credentials;
import io.rtm.core.PeerMessage;
import io.rtm.core.RtmAsyncClient;
import io.rtm.core.RtmClient;
import io.rtm.core.RtmConfig;
import io.rtm.core.RtmCoreModule;
import io.rtm.core.SendResult;
import io.rtm.core.error.RtmConfigurationException;
import io.rtm.core.spi.Quota;
import io.rtm.core.spi.RateLimiter;
import io.rtm.core.spi.RateLimiterProvider;
import io.rtm.emulator.AppStats;
import io.rtm.emulator.junit.RtmEmulatorExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The limiter in the SDK, against the emulator over real HTTP and a real redis-server: given to
 * {@code Rtm.builder().rateLimiter(...)}, found by ServiceLoader through {@code RTM_REDIS_URL}, and bound by
 * {@link RedisRateLimiterModule} in Guice.
 */
class SdkWiringTest {

    @RegisterExtension
    static RtmEmulatorExtension rtm = RtmEmulatorExtension.create();

    private static TestRedis redis;
    private static RedisClient redisClient;

    @BeforeAll
    static void startRedisAndWarmUp() throws Exception {
        redis = TestRedis.start();
        redisClient = redis.client();
        // a cold JVM on this busy machine takes tens of ms per round trip at first: too slow to time any slot
        try (RedisRateLimiter limiter = limiter()) {
            new Demand(limiter, Quota.perSecond("warm-up", 500), Duration.ofSeconds(1), null).run(8, Duration.ofMillis(700)).get();
        }
    }

    @AfterAll
    static void stopRedis() {
        redisClient.shutdown();
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
    void aClientFindsTheRedisLimiterByServiceLoaderWhenRtmRedisUrlIsSetAndClosesIt() throws Exception {
        Set<String> before = limiterThreads();
        RtmAsyncClient client = rtm.clientBuilder()
                .fromEnvironment(Map.of("RTM_REDIS_URL", redis.uri(), "RTM_REDIS_FLEET_SIZE", "8"), new Properties())
                .buildAsync();
        Set<String> created = new HashSet<>(limiterThreads());
        created.removeAll(before);
        try (client) {
            for (int i = 0; i < 20; i++) {
                client.sendPeer(PeerMessage.builder().from("alice").to("bob").payload("p" + i).build()).get(10, TimeUnit.SECONDS);
            }
        }

        assertThat(created).as("the limiter's own timer thread").hasSize(1);
        assertThat(rtm.emulator().stats(rtm.app().appId()).byStatus().get(200)).isEqualTo(20);
        // the peer quota's GCRA lives in Redis: the 20 sends took their slots there, not from a local limiter
        try (StatefulRedisConnection<String, String> c = redisClient.connect()) {
            assertThat(c.sync().get("rtm:ratelimit:" + rtm.app().appId() + ":peer")).isNotNull();
        }
        assertThat(limiterThreads()).as("closed with the client that made it").doesNotContainAnyElementsOf(created);
    }

    @Test
    void theProviderIsConfiguredByRtmRedisUrlAndReadsTheFleetSize() {
        RedisRateLimiterProvider provider = new RedisRateLimiterProvider();

        assertThat(provider.name()).isEqualTo("redis");
        assertThat(provider.configured(settings(Map.of()))).isFalse();
        assertThat(provider.configured(settings(Map.of("RTM_REDIS_URL", redis.uri())))).isTrue();
        try (RedisRateLimiter limiter = (RedisRateLimiter) provider.create(settings(Map.of("RTM_REDIS_URL", redis.uri(),
                "RTM_REDIS_FLEET_SIZE", "8")))) {
            assertThat(limiter.toString()).contains("127.0.0.1:" + redis.port()).contains("fleet of 8");
            assertThat(limiter.pace(Quota.perSecond("app:peer", 500)).intervalMicros()).isEqualTo(2062);
        }
    }

    @Test
    void badOrMissingSettingsFailTheBuildNamingTheSetting() {
        assertThatThrownBy(() -> rtm.clientBuilder().fromEnvironment(Map.of("RTM_REDIS_URL", redis.uri(),
                "RTM_REDIS_FLEET_SIZE", "many"), new Properties()).build())
                .isExactlyInstanceOf(RtmConfigurationException.class)
                .hasMessage("-Drtm.redis-fleet-size / RTM_REDIS_FLEET_SIZE must be a whole number of processes, at least 1: 'many'");
        assertThatThrownBy(() -> rtm.clientBuilder().fromEnvironment(Map.of("RTM_RATE_LIMITER", "redis"), new Properties()).build())
                .isExactlyInstanceOf(RtmConfigurationException.class).hasMessageContaining("-Drtm.redis-url / RTM_REDIS_URL");
        assertThatThrownBy(() -> rtm.clientBuilder().fromEnvironment(Map.of("RTM_REDIS_URL", redis.uri(),
                "RTM_REDIS_ROUND_TRIP_TIMEOUT_MS", "0"), new Properties()).build())
                .isExactlyInstanceOf(RtmConfigurationException.class)
                .hasMessage("-Drtm.redis-round-trip-timeout-ms / RTM_REDIS_ROUND_TRIP_TIMEOUT_MS must be a whole number of "
                        + "milliseconds, at least 1: '0'");
        assertThatThrownBy(() -> rtm.clientBuilder().fromEnvironment(Map.of("RTM_REDIS_URL", redis.uri(),
                "RTM_REDIS_MAX_LATENESS_MS", "5ms"), new Properties()).build())
                .isExactlyInstanceOf(RtmConfigurationException.class)
                .hasMessage("-Drtm.redis-max-lateness-ms / RTM_REDIS_MAX_LATENESS_MS must be a whole number of milliseconds, "
                        + "at least 1: '5ms'");
    }

    @Test
    void theProviderReadsTheRoundTripTimeoutAndMaxLateness() {
        RedisRateLimiterProvider provider = new RedisRateLimiterProvider();
        try (RedisRateLimiter limiter = (RedisRateLimiter) provider.create(settings(Map.of("RTM_REDIS_URL", redis.uri(),
                "RTM_REDIS_MAX_LATENESS_MS", "15")))) {
            // a longer maxLateness leaves less of the margin for a burst: 500/s fits 11 at the default 5 ms, fewer at 15
            assertThat(limiter.pace(Quota.perSecond("app:peer", 500)).burst()).isLessThan(11);
        }
        assertThatThrownBy(() -> provider.create(settings(Map.of("RTM_REDIS_URL", redis.uri(), "RTM_REDIS_MAX_LATENESS_MS", "16"))))
                .as("twice 16 ms is more than the 31 ms margin at utilization 0.97: refused, naming maxLateness")
                .isExactlyInstanceOf(RtmConfigurationException.class).hasMessageContaining("maxLateness");
    }

    @Test
    void aPasswordInRtmRedisUrlNeverReachesTheLogsOrMessages() throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        String text;
        // nothing listens there: the limiter starts on its failure policy and logs why, naming where Redis should be
        int closedPort = TestRedis.notStarted().port();
        try (RtmClient client = rtm.clientBuilder().fromEnvironment(Map.of("RTM_REDIS_URL",
                "redis://:s3cret-pw@127.0.0.1:" + closedPort), new Properties()).build()) {
            client.sendPeer(PeerMessage.builder().from("alice").to("bob").payload("x").build());
            text = client.toString();
        } finally {
            System.setErr(original);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertThat(log).contains("using 'redis'").contains("Redis at 127.0.0.1:" + closedPort + " failed").doesNotContain("s3cret-pw");
        assertThat(text).doesNotContain("s3cret-pw");
    }

    @Test
    void rtmLocalRateLimiterKeepsTheLocalLimiterWhenRedisIsConfigured() throws Exception {
        Set<String> before = limiterThreads();
        try (RtmClient client = rtm.clientBuilder().fromEnvironment(Map.of("RTM_REDIS_URL", redis.uri(),
                "RTM_RATE_LIMITER", "local"), new Properties()).build()) {
            client.sendPeer(PeerMessage.builder().from("alice").to("bob").payload("x").build());
            assertThat(limiterThreads()).containsExactlyInAnyOrderElementsOf(before);
        }
        try (StatefulRedisConnection<String, String> c = redisClient.connect()) {
            assertThat(c.sync().get("rtm:ratelimit:" + rtm.app().appId() + ":peer")).isNull();
        }
    }

    @Test
    void guiceModuleBindsTheRateLimiterOverTheLocalOneAndTheInjectorsOwnerClosesIt() throws Exception {
        RtmConfig config = RtmConfig.builder().appId(rtm.app().appId()).endpoint(rtm.baseUri()).build();
        Injector injector = Guice.createInjector(new RtmCoreModule(config), new RedisRateLimiterModule(redis.uri()), new AbstractModule() {
            @Override
            protected void configure() {
                OptionalBinder.newOptionalBinder(binder(), Credentials.class).setBinding()
                        .toInstance(Credentials.basic(rtm.app().apiKey(), rtm.app().apiSecret()));
            }
        });
        RedisRateLimiter limiter = injector.getInstance(RedisRateLimiter.class);
        try {
            assertThat(injector.getInstance(RateLimiter.class)).isSameAs(limiter);
            try (RtmClient client = injector.getInstance(RtmClient.class)) {
                client.sendPeer(PeerMessage.builder().from("alice").to("bob").payload("x").build());
                client.sendChannel(ChannelMessage.builder().from("alice").channel("lobby").payload("x").build());
            }
            assertThat(limiter.stats().redisGrants()).as("one permit per send, from Redis").isEqualTo(2);
            // the client did not close a limiter it did not make
            assertThat(limiter.acquire(Quota.perSecond("app:peer", 500), Duration.ofSeconds(1))).succeedsWithin(Duration.ofSeconds(5));
        } finally {
            limiter.close();
        }
    }

    private static RateLimiterProvider.Settings settings(Map<String, String> environment) {
        return RateLimiterProvider.Settings.of(name -> null, environment::get);
    }

    private static Set<String> limiterThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("rtm-redis-limiter-")).collect(Collectors.toSet());
    }
}
