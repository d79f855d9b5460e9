package io.rtm.ratelimit.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.rtm.core.spi.Quota;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One process of {@link FleetProcessesTest}'s fleet: builds its own limiter, warms up on a key of its own, says it is
 * ready, waits for the go, then sends as fast as the shared quota allows for the given time, each "send" recorded by
 * Redis with its TIME on arrival (see {@link ServiceRecorder}), and each grant put on Redis's clock afterwards (see
 * {@link RedisTimeline}). Prints one line of results.
 *
 * <p>Arguments: redisUri key arrivalsList durationMillis.
 */
public final class FleetWorker {

    static final String READY = "fleet:ready";
    static final String GO = "fleet:go";
    static final String GRANTS = "fleet:grants";

    private FleetWorker() {
    }

    public static void main(String[] args) throws Exception {
        String uri = args[0];
        String key = args[1];
        String arrivals = args[2];
        Duration duration = Duration.ofMillis(Long.parseLong(args[3]));
        // the same allowances for this busy 2-core machine as FleetExactnessTest, for the same reasons
        try (RedisRateLimiter limiter = RedisRateLimiter.builder().redisUri(uri).roundTripTimeout(Duration.ofSeconds(1))
                .maxLateness(Duration.ofMillis(10)).connectTimeout(Duration.ofSeconds(10)).build();
             ServiceRecorder service = new ServiceRecorder(uri, arrivals)) {
            new Demand(limiter, Quota.perSecond("warm-up-" + ProcessHandle.current().pid(), 500), Duration.ofSeconds(1), null)
                    .run(8, Duration.ofMillis(700)).get(30, TimeUnit.SECONDS);
            awaitGo(uri);
            Demand.Outcome outcome = new Demand(limiter, Quota.perSecond(key, 500), Duration.ofSeconds(2), service).run(32, duration)
                    .get(60, TimeUnit.SECONDS);
            recordGrants(uri, outcome);
            System.out.println("grants=" + outcome.grants().size() + " fromRedis=" + outcome.fromRedis()
                    + " unexpectedFailures=" + outcome.unexpectedFailures().size() + " latenessRefusals=" + outcome.latenessRefusals()
                    + " " + limiter.stats());
            outcome.unexpectedFailures().stream().limit(3).forEach(f -> System.out.println("failure: " + f));
        }
        System.exit(0);
    }

    /** Appends every grant, in microseconds of Redis time (see {@link RedisTimeline}), to the list {@value #GRANTS}. */
    private static void recordGrants(String uri, Demand.Outcome outcome) {
        RedisClient client = RedisClient.create(RedisURI.create(uri));
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            RedisTimeline timeline = RedisTimeline.measure(c.sync());
            String[] grants = outcome.grants().stream().map(g -> Long.toString(timeline.redisMicros(g.atNanos()))).toArray(String[]::new);
            if (grants.length > 0) {
                c.sync().rpush(GRANTS, grants);
            }
        } finally {
            client.shutdown();
        }
    }

    private static void awaitGo(String uri) throws InterruptedException {
        RedisClient client = RedisClient.create(RedisURI.create(uri));
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            c.sync().incr(READY);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (c.sync().get(GO) == null) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no go within 60 s");
                }
                Thread.sleep(2);
            }
        } finally {
            client.shutdown();
        }
    }
}
