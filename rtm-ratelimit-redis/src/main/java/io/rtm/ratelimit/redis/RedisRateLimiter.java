package io.rtm.ratelimit.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.rtm.core.error.RtmConfigurationException;
import io.rtm.core.spi.Quota;
import io.rtm.core.spi.RateLimiter;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * A {@link RateLimiter} shared by every process that points at the same Redis: each quota the client passes (e.g.
 * 500 calls/s per App ID for peer messages, key {@code <appId>:peer}) holds for the whole fleet, not per process.
 *
 * <pre>{@code
 * try (RedisRateLimiter limiter = RedisRateLimiter.builder().redisUri("redis://redis.internal:6379").expectedFleetSize(4).build();
 *      RtmClient rtm = Rtm.builder().fromEnvironment().rateLimiter(limiter).build()) {
 *     rtm.sendPeer(...);
 * }
 * }</pre>
 * Or let the client find it: with this module on the class path and {@code RTM_REDIS_URL} set, the client makes one
 * and closes it ({@link RedisRateLimiterProvider}).
 *
 * <p><b>How.</b> One Lua script run per permit reserves a slot on a GCRA kept in one Redis key per quota key
 * ({@code <appId>:<api>}), timed by Redis {@code TIME} so the processes' clocks do not matter. The reply says how far
 * away the slot is; the permit is granted when it comes, by a timer of this limiter: {@link #acquire} never blocks
 * and no thread waits. Slots are paced at the quota's {@code permits × utilization} per window (default 97%) so that
 * a permit used up to {@code maxLateness} off its slot still never puts more than the quota into any window of the
 * service; a permit that cannot be granted within {@code maxLateness} of its slot is not sent late but re-reserved.
 * The same script run takes a place in the quota's window guard in Redis (on by default, {@code windowGuard}): a slot
 * goes only where fewer than the quota's permits still count, each counted until one window after the latest moment the
 * service can have counted it, by the local limiter's rules ({@link io.rtm.core.spi.ReplyEvidence}); a permit's
 * release tells Redis (a second round trip, never waited for).
 * A 429's {@code Retry-After} ({@link #penalize}, capped at {@code maxPenalty}) pauses the whole fleet. Processes
 * sharing a Redis must pass the same quotas (the published ones by default: keep {@code RateLimit}'s share at 1).
 *
 * <p><b>When Redis fails</b> or does not answer within {@code roundTripTimeout}, the limiter logs one WARN and
 * follows its {@link FailurePolicy}: by default it paces locally at its share of each quota
 * ({@code permits / expectedFleetSize}); it probes Redis every {@code probeInterval} (jittered) and logs one INFO
 * when it is back. {@link #stats()} counts it all.
 *
 * <p>Thread-safe. {@link #acquire} and {@link #penalize} never block and never throw: errors fail the returned
 * future ({@link io.rtm.core.error.RtmLocalRateLimitException} when the slot is beyond maxWait, when slots came and
 * went unusable, or under {@link FailurePolicy#FAIL_FAST}; {@link RtmConfigurationException} once closed).
 * {@link #close()} fails waiting acquires and releases the Lettuce client and threads it created (a client or
 * connection given to the builder is left open). Callers must {@linkplain RateLimiter.Permit#release release} every
 * permit (the SDK's pipeline does): the local fallback's sliding-window guard counts on it.
 */
public final class RedisRateLimiter implements RateLimiter, AutoCloseable {

    private final FleetLimiter core;

    private RedisRateLimiter(FleetLimiter core) {
        this.core = core;
    }

    /** A builder with the defaults described on each of its methods. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reserves one call of the quota, for the whole fleet. Never blocks.
     *
     * @return completes with the permit when its slot comes; fails with {@link io.rtm.core.error.RtmLocalRateLimitException}
     *         when the slot is further than {@code maxWait}
     */
    @Override
    public CompletableFuture<Permit> acquire(Quota quota, Duration maxWait) {
        return core.acquire(Objects.requireNonNull(quota, "quota"), Objects.requireNonNull(maxWait, "maxWait"));
    }

    /**
     * The service answered 429 for a call of this quota: no permit of it, in any process of the fleet, before
     * {@code retryAfter} from now (capped at {@linkplain Builder#maxPenalty maxPenalty}; null, zero or negative
     * is ignored). Permits already reserved keep their slots. Never blocks.
     */
    /** {@link #acquire(Quota, Duration)} for a call whose reply waits for the receiver's ack: no evidence is taken from it. */
    @Override
    public CompletableFuture<Permit> acquire(Quota quota, Duration maxWait, boolean replyWaitsAfterCount) {
        return core.acquire(Objects.requireNonNull(quota, "quota"), Objects.requireNonNull(maxWait, "maxWait"), replyWaitsAfterCount);
    }

    @Override
    public void penalize(Quota quota, Duration retryAfter) {
        core.penalize(Objects.requireNonNull(quota, "quota"), retryAfter);
    }

    /** The counters so far (a fresh snapshot on each call). */
    public RedisRateLimiterStats stats() {
        return core.stats();
    }

    /** Fails waiting acquires, stops the limiter's timer thread, and closes what the builder created. Idempotent. */
    @Override
    public void close() {
        core.close();
    }

    /** The pace of a quota (tests). */
    Pace pace(Quota quota) {
        return core.pace(quota);
    }

    @Override
    public String toString() {
        return "RedisRateLimiter{" + core + '}';
    }

    /** Configures a {@link RedisRateLimiter}. Not thread-safe; {@link #build()} validates everything. */
    public static final class Builder {
        private RedisURI uri;
        private RedisClient client;
        private StatefulRedisConnection<String, String> connection;
        private double utilization = 0.97;
        private int burst = 1;
        private Duration maxLateness = Duration.ofMillis(5);
        private Duration roundTripTimeout = Duration.ofMillis(100);
        private Duration connectTimeout = Duration.ofSeconds(2);
        private Duration maxPenalty = Duration.ofSeconds(30);
        private int expectedFleetSize = 4;
        private FailurePolicy failurePolicy = FailurePolicy.LOCAL_SHARE;
        private Duration probeInterval = Duration.ofSeconds(1);
        private String keyPrefix = "rtm:ratelimit:";
        private RedisRateLimiterListener listener = new RedisRateLimiterListener() { };
        private LongSupplier nanoClock = System::nanoTime;
        private boolean windowGuard = true;
        private Duration arrivalSpread = Duration.ofMillis(20);
        private Duration coldStart = Duration.ofSeconds(2);

        private Builder() {
        }

        /** Redis to connect to, e.g. {@code redis://host:6379/0} or {@code rediss://:password@host}; the limiter owns its client. */
        public Builder redisUri(String uri) {
            try {
                return redisUri(RedisURI.create(Objects.requireNonNull(uri, "uri")));
            } catch (IllegalArgumentException e) {
                // Lettuce's message may repeat the URI, password included: name the rule only
                throw new RtmConfigurationException("redisUri is not a valid Redis URI (redis://host:port, rediss://..., redis-socket://...)");
            }
        }

        /** Redis to connect to; the limiter owns its client. */
        public Builder redisUri(RedisURI uri) {
            this.uri = Objects.requireNonNull(uri, "uri");
            return this;
        }

        /** Connect with the caller's client (its resources and options; left open on close) to {@link #redisUri}. */
        public Builder redisClient(RedisClient client) {
            this.client = Objects.requireNonNull(client, "client");
            return this;
        }

        /**
         * Use the caller's connection (left open on close). Give it {@code DisconnectedBehavior.REJECT_COMMANDS} so
         * that the limiter falls back at once while it is disconnected instead of after each round-trip timeout.
         */
        public Builder connection(StatefulRedisConnection<String, String> connection) {
            this.connection = Objects.requireNonNull(connection, "connection");
            return this;
        }

        /**
         * The share of each quota slots are paced at, in (0, 1] (default 0.97). The rest is the margin that lets a
         * permit be used up to {@link #maxLateness} off its slot, plus delays on the way to the service, without a
         * window ever holding more than the quota: {@code 1 s × (1 / utilization - 1)} (31 ms at 0.97) must be at least
         * twice maxLateness.
         */
        public Builder utilization(double utilization) {
            this.utilization = utilization;
            return this;
        }

        /**
         * Permits that may go back to back after an idle spell (default 1: none). Each one more costs one interval of
         * margin, so a quota gets the largest burst up to this one that leaves twice maxLateness (logged once at WARN
         * when that is less, e.g. 1 for a 10/s quota at the defaults; 11 fits 500/s).
         */
        public Builder burst(int burst) {
            this.burst = burst;
            return this;
        }

        /**
         * How late after its slot a permit may still be granted (default 5 ms) without the window guard; later, it is
         * re-reserved. With the guard a late grant is a call late on its way, which the guard covers: half a window.
         */
        public Builder maxLateness(Duration maxLateness) {
            this.maxLateness = Objects.requireNonNull(maxLateness, "maxLateness");
            return this;
        }

        /** How long one round trip to Redis may take before the failure policy applies (default 100 ms). */
        public Builder roundTripTimeout(Duration roundTripTimeout) {
            this.roundTripTimeout = Objects.requireNonNull(roundTripTimeout, "roundTripTimeout");
            return this;
        }

        /** How long {@link #build()} waits for the first connection before starting degraded (default 2 s). */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
            return this;
        }

        /** The longest pause a 429's Retry-After may impose on the fleet (default 30 s). */
        public Builder maxPenalty(Duration maxPenalty) {
            this.maxPenalty = Objects.requireNonNull(maxPenalty, "maxPenalty");
            return this;
        }

        /**
         * How many processes share the quotas (default 4); while Redis is down each paces at
         * {@code floor(permits / expectedFleetSize)} per window (for a quota with fewer permits than processes, one
         * permit per {@code ceil(expectedFleetSize / permits)} windows).
         */
        public Builder expectedFleetSize(int expectedFleetSize) {
            this.expectedFleetSize = expectedFleetSize;
            return this;
        }

        /** What to do while Redis is unreachable (default {@link FailurePolicy#LOCAL_SHARE}). */
        public Builder failurePolicy(FailurePolicy failurePolicy) {
            this.failurePolicy = Objects.requireNonNull(failurePolicy, "failurePolicy");
            return this;
        }

        /** How often, on average, an unreachable Redis is probed (default 1 s, jittered ±50%). */
        public Builder probeInterval(Duration probeInterval) {
            this.probeInterval = Objects.requireNonNull(probeInterval, "probeInterval");
            return this;
        }

        /** Prepended to every key in Redis (default {@code rtm:ratelimit:}); processes sharing a quota must agree on it. */
        public Builder keyPrefix(String keyPrefix) {
            this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix");
            return this;
        }

        /**
         * Whether the fleet shares a sliding-window guard in Redis (default on): the local limiter's guard across the
         * fleet, one more round trip per permit (its release, never waited for). Off, the pace's margin alone keeps the
         * windows within the quota, as long as delays between a grant and the service stay within it.
         */
        public Builder windowGuard(boolean windowGuard) {
            this.windowGuard = windowGuard;
            return this;
        }

        /**
         * What the window guard assumes of delays on the way to the service beyond what the replies show (default
         * 20 ms): the same rule as the local limiter's {@code RateLimit.arrivalSpread()} (see
         * {@link io.rtm.core.spi.ReplyEvidence}).
         */
        public Builder arrivalSpread(Duration arrivalSpread) {
            this.arrivalSpread = Objects.requireNonNull(arrivalSpread, "arrivalSpread");
            return this;
        }

        /**
         * How long after this process's first reply of a quota the window guard trusts nothing but proof (default 2 s;
         * zero turns it off). A process's first replies carry its own start-up (class loading, first connections, a
         * cold JIT, a CPU shared with other starting processes) on their way in, so their fastest reply can't tell
         * how late each call was, while the rest of the fleet, warm, reserves slots ahead against their places. During
         * it, a released permit counts until one window after its reply, and a running one at least four windows
         * after its slot until its reply tells. It costs about {@code latency × coldStart / window} of one process's
         * share once, at start.
         */
        public Builder coldStart(Duration coldStart) {
            this.coldStart = Objects.requireNonNull(coldStart, "coldStart");
            return this;
        }

        /** Told when Redis is lost and regained. */
        public Builder listener(RedisRateLimiterListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** The monotonic clock (tests); only its differences are used. */
        Builder nanoClock(LongSupplier nanoClock) {
            this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
            return this;
        }

        /**
         * Validates the settings, connects (waiting at most {@link #connectTimeout}; if Redis is not there yet the
         * limiter starts on its failure policy and probes) and returns the limiter.
         *
         * @throws RtmConfigurationException naming the setting and the rule it breaks
         */
        public RedisRateLimiter build() {
            if (connection == null && uri == null) {
                throw new RtmConfigurationException("redisUri (or a connection) is required");
            }
            if (connection != null && (uri != null || client != null)) {
                throw new RtmConfigurationException("give either a connection, or redisUri (with or without a redisClient), not both");
            }
            if (!(utilization > 0 && utilization <= 1)) {
                throw new RtmConfigurationException("utilization must be within (0, 1]: " + utilization);
            }
            positive("maxLateness", maxLateness);
            // every quota of the API counts in one-second windows: at burst 1, each gets at least this margin
            long margin = Pace.marginAtBurstOneMicros(utilization, Pace.SECOND_MICROS);
            if (margin < 2 * (maxLateness.toNanos() / 1000)) {
                throw new RtmConfigurationException("utilization " + utilization + " leaves a margin of " + margin
                        + " us per one-second window, less than twice maxLateness (" + maxLateness.toNanos() / 1000
                        + " us): lower the utilization or shorten maxLateness");
            }
            if (burst < 1) {
                throw new RtmConfigurationException("burst must be at least 1: " + burst);
            }
            if (expectedFleetSize < 1) {
                throw new RtmConfigurationException("expectedFleetSize must be at least 1: " + expectedFleetSize);
            }
            positive("roundTripTimeout", roundTripTimeout);
            positive("connectTimeout", connectTimeout);
            positive("maxPenalty", maxPenalty);
            positive("probeInterval", probeInterval);
            if (arrivalSpread.isNegative()) {
                throw new RtmConfigurationException("arrivalSpread must not be negative: " + arrivalSpread);
            }
            if (coldStart.isNegative() || coldStart.compareTo(Duration.ofMinutes(10)) > 0) {
                throw new RtmConfigurationException("coldStart must be within [0, 10 min]: " + coldStart);
            }
            Settings settings = new Settings(utilization, burst, maxLateness.toNanos(), roundTripTimeout.toNanos(),
                    maxPenalty.toNanos(), expectedFleetSize, failurePolicy, probeInterval.toNanos(), keyPrefix, listener, nanoClock,
                    windowGuard, Math.min(arrivalSpread.toSeconds() >= 1_000_000 ? Long.MAX_VALUE / 4 : arrivalSpread.toNanos(),
                    Long.MAX_VALUE / 4), coldStart.toNanos());
            RedisLink link = connection != null ? RedisLink.onConnection(connection)
                    : client != null ? RedisLink.onClient(client, uri)
                    : RedisLink.owning(uri, connectTimeout, probeInterval);
            FleetLimiter core = new FleetLimiter(settings, link);
            core.start(connectTimeout);
            return new RedisRateLimiter(core);
        }

        private static void positive(String name, Duration d) {
            if (d.isNegative() || d.isZero()) {
                throw new RtmConfigurationException(name + " must be positive: " + d);
            }
        }
    }
}
