package io.rtm.ratelimit.redis;

import io.rtm.core.error.RtmConfigurationException;
import io.rtm.core.spi.RateLimiter;
import io.rtm.core.spi.RateLimiterProvider;

/**
 * Makes {@link RedisRateLimiter} discoverable: with this module on the class path (or module path) a client built by
 * {@code Rtm.builder()} or {@code RtmCoreModule} uses it when {@value #URL_PROPERTY} / {@code RTM_REDIS_URL} names a
 * Redis, instead of its local limiter, and closes it with the client. Settings, read from the client's settings
 * (system properties and environment, or the sources given to {@code Rtm.builder().fromEnvironment(...)}):
 * <ul>
 *   <li>{@value #URL_PROPERTY} / {@code RTM_REDIS_URL}: the Redis URI, e.g. {@code redis://redis.internal:6379}
 *       (required; a password in it never appears in logs or messages);</li>
 *   <li>{@value #FLEET_SIZE_PROPERTY} / {@code RTM_REDIS_FLEET_SIZE}: how many processes share the quotas, for the
 *       shares each paces at while Redis is down (default 4);</li>
 *   <li>{@value #ROUND_TRIP_TIMEOUT_PROPERTY} / {@code RTM_REDIS_ROUND_TRIP_TIMEOUT_MS} and
 *       {@value #MAX_LATENESS_PROPERTY} / {@code RTM_REDIS_MAX_LATENESS_MS}: {@code roundTripTimeout} and
 *       {@code maxLateness} in milliseconds (defaults 100 and 5), for hosts whose threads or Redis answer late at
 *       times.</li>
 * </ul>
 * Every other setting takes {@link RedisRateLimiter.Builder}'s default; build the limiter yourself and pass it to
 * {@code Rtm.builder().rateLimiter(...)} to choose them. Stateless and thread-safe.
 */
public final class RedisRateLimiterProvider implements RateLimiterProvider {

    /** The provider's name, as {@code rtm.rate-limiter} / {@code RTM_RATE_LIMITER} selects it. */
    public static final String NAME = "redis";
    /** Among configured providers; the local limiter is used when none is configured, whatever its priority. */
    public static final int PRIORITY = 100;
    /** The Redis URI's setting (environment variable {@code RTM_REDIS_URL}). */
    public static final String URL_PROPERTY = "rtm.redis-url";
    /** The fleet size's setting (environment variable {@code RTM_REDIS_FLEET_SIZE}). */
    public static final String FLEET_SIZE_PROPERTY = "rtm.redis-fleet-size";
    /** The round-trip timeout's setting, milliseconds (environment variable {@code RTM_REDIS_ROUND_TRIP_TIMEOUT_MS}). */
    public static final String ROUND_TRIP_TIMEOUT_PROPERTY = "rtm.redis-round-trip-timeout-ms";
    /** The maximum lateness's setting, milliseconds (environment variable {@code RTM_REDIS_MAX_LATENESS_MS}). */
    public static final String MAX_LATENESS_PROPERTY = "rtm.redis-max-lateness-ms";

    /** Creates the provider (ServiceLoader calls this). */
    public RedisRateLimiterProvider() {
    }

    /** {@value #NAME}. */
    @Override
    public String name() {
        return NAME;
    }

    /** {@value #PRIORITY}. */
    @Override
    public int priority() {
        return PRIORITY;
    }

    /** Whether a Redis is configured ({@value #URL_PROPERTY} / {@code RTM_REDIS_URL} is set). */
    @Override
    public boolean configured(Settings settings) {
        return settings.get(URL_PROPERTY).isPresent();
    }

    /**
     * A limiter for the configured Redis; the caller owns it and closes it. Waits at most the builder's
     * {@code connectTimeout} (2 s) for Redis, and starts on its failure policy when Redis is not there yet.
     *
     * @throws RtmConfigurationException when no Redis is configured, or a setting is malformed (named in the message)
     */
    @Override
    public RateLimiter create(Settings settings) {
        String url = settings.get(URL_PROPERTY).orElseThrow(() -> new RtmConfigurationException(
                "set " + Settings.describe(URL_PROPERTY) + " (e.g. redis://host:6379) to use the Redis rate limiter"));
        RedisRateLimiter.Builder builder = RedisRateLimiter.builder().redisUri(url);
        settings.get(FLEET_SIZE_PROPERTY).ifPresent(size -> builder.expectedFleetSize(parseFleetSize(size)));
        settings.get(ROUND_TRIP_TIMEOUT_PROPERTY).ifPresent(ms -> builder.roundTripTimeout(millis(ROUND_TRIP_TIMEOUT_PROPERTY, ms)));
        settings.get(MAX_LATENESS_PROPERTY).ifPresent(ms -> builder.maxLateness(millis(MAX_LATENESS_PROPERTY, ms)));
        return builder.build();
    }

    private static int parseFleetSize(String value) {
        try {
            int size = Integer.parseInt(value);
            if (size >= 1) {
                return size;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new RtmConfigurationException(Settings.describe(FLEET_SIZE_PROPERTY)
                + " must be a whole number of processes, at least 1: '" + value + "'");
    }

    private static java.time.Duration millis(String property, String value) {
        try {
            long ms = Long.parseLong(value);
            if (ms >= 1) {
                return java.time.Duration.ofMillis(ms);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new RtmConfigurationException(Settings.describe(property) + " must be a whole number of milliseconds, at least 1: '"
                + value + "'");
    }

    @Override
    public String toString() {
        return "RedisRateLimiterProvider{" + NAME + '}';
    }
}
