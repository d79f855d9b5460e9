package io.rtm.ratelimit.redis;

import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the Lua scripts ({@code acquire.lua}, {@code release.lua}, {@code penalize.lua}) on Redis: EVALSHA, and EVAL
 * when Redis does not know the script (first use, or after a restart emptied its script cache). Every round trip has a
 * timeout, and every result is handed to the limiter's own thread, never run on Lettuce's I/O threads.
 */
final class GcraScripts {

    /** A reservation's answer, in microseconds of Redis time. */
    record Reply(boolean granted, long waitMicros, long redisNowMicros) {
    }

    private static final Script ACQUIRE = Script.load("acquire.lua");
    private static final Script RELEASE = Script.load("release.lua");
    private static final Script PENALIZE = Script.load("penalize.lua");

    private final RedisLink link;
    private final ScheduledExecutorService executor;
    private final long timeoutNanos;

    GcraScripts(RedisLink link, ScheduledExecutorService executor, long timeoutNanos) {
        this.link = link;
        this.executor = executor;
        this.timeoutNanos = timeoutNanos;
    }

    /**
     * Reserves {@code permits} slots of {@code key} no further than {@code maxWaitMicros} and no nearer than
     * {@code leadMicros}, without the window guard (a health probe, charges after an outage).
     */
    CompletableFuture<Reply> reserve(String key, Pace pace, long maxWaitMicros, long leadMicros, long permits) {
        return run(ACQUIRE, new String[] {key, guardKey(key)}, Long.toString(pace.intervalMicros()),
                Long.toString(pace.toleranceMicros()), Long.toString(maxWaitMicros), Long.toString(leadMicros),
                Long.toString(permits), "0", "0", "")
                .thenApply(r -> new Reply(number(r, 0) == 1, number(r, 1), number(r, 2)));
    }

    /**
     * Reserves one slot of {@code key} and a place in its window guard of {@code capacity}: the permit {@code member}
     * counts there until {@code holdMicros} after its slot, unless {@link #release} says otherwise.
     */
    CompletableFuture<Reply> reserveGuarded(String key, Pace pace, long maxWaitMicros, long leadMicros, int capacity,
                                            long holdMicros, String member) {
        return run(ACQUIRE, new String[] {key, guardKey(key)}, Long.toString(pace.intervalMicros()),
                Long.toString(pace.toleranceMicros()), Long.toString(maxWaitMicros), Long.toString(leadMicros), "1",
                Integer.toString(capacity), Long.toString(holdMicros), member)
                .thenApply(r -> new Reply(number(r, 0) == 1, number(r, 1), number(r, 2)));
    }

    /** The permit {@code member} of {@code key}'s guard stops counting at {@code endsAtMicros} (Redis time; negative: now). */
    CompletableFuture<Void> release(String key, String member, long endsAtMicros) {
        return run(RELEASE, new String[] {guardKey(key)}, member, Long.toString(endsAtMicros)).thenApply(r -> null);
    }

    /** The window guard's key of a quota key, beside it (Redis Cluster needs both in one slot: a prefix with a hash tag). */
    static String guardKey(String key) {
        return key + ":held";
    }

    /** Moves {@code key}'s next slot to at least {@code penaltyMicros} from now (Redis time). */
    CompletableFuture<Void> penalize(String key, Pace pace, long penaltyMicros) {
        return run(PENALIZE, new String[] {key}, Long.toString(penaltyMicros), Long.toString(pace.toleranceMicros()))
                .thenApply(r -> null);
    }

    private CompletableFuture<List<Object>> run(Script script, String[] keys, String... args) {
        CompletableFuture<List<Object>> out = new CompletableFuture<>();
        RedisAsyncCommands<String, String> commands = link.commands();
        if (commands == null) {
            out.completeExceptionally(new RedisConnectionException("not connected to " + link.description()));
            return out;
        }
        RedisFuture<List<Object>> first = commands.evalsha(script.sha, ScriptOutputType.MULTI, keys, args);
        ScheduledFuture<?> timeout = executor.schedule(() -> {
            if (out.completeExceptionally(new RedisCommandTimeoutException("no answer from " + link.description()
                    + " within " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms"))) {
                first.cancel(false); // a late answer may still reserve a slot: wasted, never over the quota
            }
        }, timeoutNanos, TimeUnit.NANOSECONDS);
        first.whenComplete((reply, error) -> {
            if (error instanceof RedisNoScriptException) {
                commands.<List<Object>>eval(script.text, ScriptOutputType.MULTI, keys, args)
                        .whenComplete((again, failed) -> handOver(out, timeout, again, failed));
            } else {
                handOver(out, timeout, reply, error);
            }
        });
        return out;
    }

    /** Completes {@code out} on the limiter's thread (this runs on a Lettuce I/O thread). */
    private void handOver(CompletableFuture<List<Object>> out, ScheduledFuture<?> timeout, List<Object> reply, Throwable error) {
        timeout.cancel(false);
        try {
            executor.execute(() -> {
                if (error != null) {
                    out.completeExceptionally(error);
                } else {
                    out.complete(reply);
                }
            });
        } catch (RejectedExecutionException closed) {
            // the limiter is closed: it already failed every waiting caller
        }
    }

    private static long number(List<Object> reply, int index) {
        return ((Number) reply.get(index)).longValue();
    }

    /** A script's text and SHA-1 (as EVALSHA names it). */
    private record Script(String text, String sha) {
        static Script load(String name) {
            try (InputStream in = GcraScripts.class.getResourceAsStream(name)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource " + name);
                }
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                byte[] digest = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
                return new Script(text, HexFormat.of().formatHex(digest));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
