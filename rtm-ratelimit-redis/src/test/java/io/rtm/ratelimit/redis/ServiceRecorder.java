package io.rtm.ratelimit.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Stands in for the service in tests: every permit is "sent" to Redis over a connection of its own, and Redis
 * appends its {@code TIME} on receipt to a list. The list is then what the service would have counted: arrival
 * times on one clock, after whatever delays the sender and the network added.
 */
final class ServiceRecorder implements AutoCloseable {

    private static final String RECORD = "local t = redis.call('TIME') "
            + "return redis.call('RPUSH', KEYS[1], string.format('%.0f', tonumber(t[1]) * 1000000 + tonumber(t[2])))";

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final String list;

    ServiceRecorder(String redisUri, String list) {
        this.client = RedisClient.create(RedisURI.create(redisUri));
        this.connection = client.connect();
        this.list = list;
    }

    /** Records one arrival now; completes when Redis has it. */
    CompletableFuture<Long> send() {
        return connection.async().<Long>eval(RECORD, ScriptOutputType.INTEGER, list).toCompletableFuture();
    }

    /** Every arrival so far, in microseconds of Redis time, sorted. */
    long[] arrivals() {
        List<String> all = connection.sync().lrange(list, 0, -1);
        return all.stream().mapToLong(Long::parseLong).sorted().toArray();
    }

    /** The most arrivals in any window {@code [t, t + windowMicros)}; sorted input. */
    static int maxInAnyWindow(long[] sorted, long windowMicros) {
        int best = 0;
        int first = 0;
        for (int last = 0; last < sorted.length; last++) {
            while (sorted[last] - sorted[first] >= windowMicros) {
                first++;
            }
            best = Math.max(best, last - first + 1);
        }
        return best;
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }
}
