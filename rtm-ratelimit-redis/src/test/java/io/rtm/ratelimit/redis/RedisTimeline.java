package io.rtm.ratelimit.redis;

import io.lettuce.core.api.sync.RedisCommands;
import java.util.List;

/**
 * Puts local monotonic instants on Redis's clock, independently of the limiter: of many {@code TIME} round trips,
 * the fastest bounds the offset best (to within half its round trip, a fraction of a millisecond on loopback).
 */
final class RedisTimeline {

    private final long offsetNanos; // Redis time − local monotonic time

    private RedisTimeline(long offsetNanos) {
        this.offsetNanos = offsetNanos;
    }

    static RedisTimeline measure(RedisCommands<String, String> redis) {
        long bestRoundTrip = Long.MAX_VALUE;
        long offset = 0;
        for (int i = 0; i < 50; i++) {
            long sent = System.nanoTime();
            List<String> time = redis.time();
            long received = System.nanoTime();
            long redisNanos = (Long.parseLong(time.get(0)) * 1_000_000 + Long.parseLong(time.get(1))) * 1000;
            if (received - sent < bestRoundTrip) {
                bestRoundTrip = received - sent;
                offset = redisNanos - (sent + (received - sent) / 2);
            }
        }
        return new RedisTimeline(offset);
    }

    /** The local monotonic instant {@code localNanos} in microseconds of Redis time. */
    long redisMicros(long localNanos) {
        return (localNanos + offsetNanos) / 1000;
    }
}
