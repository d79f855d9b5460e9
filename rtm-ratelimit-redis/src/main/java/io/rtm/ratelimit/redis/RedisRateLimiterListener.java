package io.rtm.ratelimit.redis;

import java.time.Duration;

/**
 * Told when a {@link RedisRateLimiter} loses and regains Redis (e.g. to raise an alert or flip a health
 * check). Called on the limiter's own thread: return quickly and never block. An exception thrown here is
 * logged and otherwise ignored. Both methods do nothing by default.
 */
public interface RedisRateLimiterListener {

    /** Redis failed or timed out: the limiter now follows its {@link FailurePolicy}. */
    default void onRedisDown(Throwable cause) {
    }

    /** A probe succeeded after {@code outage}: permits come from Redis again. */
    default void onRedisBack(Duration outage) {
    }
}
