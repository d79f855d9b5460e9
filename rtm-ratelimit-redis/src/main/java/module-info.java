/**
 * A fleet-wide {@link io.rtm.core.spi.RateLimiter} on Redis (Lettuce): {@code RedisRateLimiter}, found by
 * {@link java.util.ServiceLoader} when {@code RTM_REDIS_URL} is set (provider name {@code redis});
 * {@code RedisRateLimiterModule} for Guice users (Guice is optional).
 */
module io.rtm.ratelimit.redis {
    requires transitive io.rtm.core;
    // the builder takes Lettuce's RedisClient, RedisURI and StatefulRedisConnection
    requires transitive lettuce.core;
    // Lettuce is an automatic module: it reads what is resolved but makes nothing resolve. Netty 4.2's jars are
    // explicit modules, so the ones Lettuce needs (its compile dependencies) are required here, or a modular
    // application fails with NoClassDefFoundError (proven by rtm-compat/jpms). io.netty.common is used directly too.
    requires io.netty.common;
    requires io.netty.handler;
    requires io.netty.transport;
    requires io.netty.resolver.dns;
    requires org.slf4j;
    requires static com.google.guice;

    exports io.rtm.ratelimit.redis;

    // Guice calls RedisRateLimiterModule's provider method reflectively
    opens io.rtm.ratelimit.redis to com.google.guice;

    provides io.rtm.core.spi.RateLimiterProvider with io.rtm.ratelimit.redis.RedisRateLimiterProvider;
}
