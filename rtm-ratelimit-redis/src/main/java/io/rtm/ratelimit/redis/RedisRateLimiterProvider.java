package io.rtm.ratelimit.redis;

import io.rtm.core.RateLimit;
import io.rtm.core.error.RtmConfigurationException;
import java.util.function.Function;

/**
 * Makes {@link RedisRateLimiter} discoverable, for {@code Rtm.builder().fromEnvironment()} and the CLI: it applies
 * when {@value #URL_ENV} (or the system property {@value #URL_PROPERTY}) names a Redis, and then wins over the local
 * limiter. Written against the {@code RateLimiterProvider} SPI proposed to rtm-core ({@code name()}, {@code priority()},
 * {@code supports(settings)}, {@code create(settings, rateLimit)}); until rtm-core has it, it is a plain class the hook
 * can call. Stateless and thread-safe.
 *
 * <p>Settings (each an environment variable, overridden by its system property): {@value #URL_ENV} /
 * {@value #URL_PROPERTY}, the Redis URI; {@value #FLEET_SIZE_ENV} / {@value #FLEET_SIZE_PROPERTY}, the expected number
 * of processes sharing the quota (default 4).
 */
public final class RedisRateLimiterProvider {

    /** The provider's name, as {@code rtm.rate-limiter} / {@code RTM_RATE_LIMITER} would select it. */
    public static final String NAME = "redis";
    /** Above the local limiter's: when Redis is configured it is meant to be used. */
    public static final int PRIORITY = 100;
    public static final String URL_ENV = "RTM_REDIS_URL";
    public static final String URL_PROPERTY = "rtm.redis-url";
    public static final String FLEET_SIZE_ENV = "RTM_REDIS_FLEET_SIZE";
    public static final String FLEET_SIZE_PROPERTY = "rtm.redis-fleet-size";

    /** Creates the provider (ServiceLoader calls this). */
    public RedisRateLimiterProvider() {
    }

    /** {@value #NAME}. */
    public String name() {
        return NAME;
    }

    /** {@value #PRIORITY}. */
    public int priority() {
        return PRIORITY;
    }

    /** Whether a Redis is configured: {@code setting} looks a name up (system property, else environment), null when unset. */
    public boolean supports(Function<String, String> setting) {
        return read(setting, URL_ENV, URL_PROPERTY) != null;
    }

    /**
     * A limiter for the configured Redis, pacing each key at {@code rateLimit}'s quota; the caller owns it and closes it.
     *
     * @throws RtmConfigurationException when no Redis is configured, or a setting is malformed (named in the message)
     */
    public RedisRateLimiter create(Function<String, String> setting, RateLimit rateLimit) {
        String url = read(setting, URL_ENV, URL_PROPERTY);
        if (url == null) {
            throw new RtmConfigurationException("set " + URL_ENV + " (or " + URL_PROPERTY + ") to use the Redis rate limiter");
        }
        RedisRateLimiter.Builder builder = RedisRateLimiter.builder().redisUri(url).quotaPerSecond(rateLimit.permitsPerSecond());
        String fleetSize = read(setting, FLEET_SIZE_ENV, FLEET_SIZE_PROPERTY);
        if (fleetSize != null) {
            try {
                builder.expectedFleetSize(Integer.parseInt(fleetSize.trim()));
            } catch (NumberFormatException e) {
                throw new RtmConfigurationException(FLEET_SIZE_ENV + " must be a whole number of processes: " + fleetSize);
            }
        }
        return builder.build();
    }

    private static String read(Function<String, String> setting, String env, String property) {
        String value = setting.apply(property);
        if (value == null || value.isBlank()) {
            value = setting.apply(env);
        }
        return value == null || value.isBlank() ? null : value.trim();
    }
}
