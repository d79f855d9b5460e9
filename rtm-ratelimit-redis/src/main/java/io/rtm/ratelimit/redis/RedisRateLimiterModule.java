package io.rtm.ratelimit.redis;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.OptionalBinder;
import io.rtm.core.spi.RateLimiter;
import java.util.Objects;

/**
 * Guice wiring: binds {@link RateLimiter} (through the {@link OptionalBinder} of {@code RtmCoreModule}) to one
 * {@link RedisRateLimiter}, either the one given or one built for a Redis URI with the builder's defaults; the client
 * then uses it for every quota instead of the local limiter (or a discovered one). A bound limiter is not the client's:
 * the injector's owner closes it after the client ({@code injector.getInstance(RedisRateLimiter.class).close()}).
 * <pre>{@code
 * Guice.createInjector(new RtmCoreModule(config), new RedisRateLimiterModule("redis://redis.internal:6379"), appModule);
 * }</pre>
 */
public final class RedisRateLimiterModule extends AbstractModule {

    private final String redisUri;
    private final RedisRateLimiter limiter;

    /** Builds a limiter for this Redis (with the defaults of {@link RedisRateLimiter.Builder}) when first needed. */
    public RedisRateLimiterModule(String redisUri) {
        this.redisUri = Objects.requireNonNull(redisUri, "redisUri");
        this.limiter = null;
    }

    /** Uses this limiter (configured by the caller, who also closes it). */
    public RedisRateLimiterModule(RedisRateLimiter limiter) {
        this.redisUri = null;
        this.limiter = Objects.requireNonNull(limiter, "limiter");
    }

    @Override
    protected void configure() {
        OptionalBinder.newOptionalBinder(binder(), RateLimiter.class).setBinding().to(RedisRateLimiter.class);
    }

    @Provides
    @Singleton
    RedisRateLimiter redisRateLimiter() {
        return limiter != null ? limiter : RedisRateLimiter.builder().redisUri(redisUri).build();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RedisRateLimiterModule m && Objects.equals(redisUri, m.redisUri) && limiter == m.limiter;
    }

    @Override
    public int hashCode() {
        return Objects.hash(redisUri, System.identityHashCode(limiter));
    }
}
