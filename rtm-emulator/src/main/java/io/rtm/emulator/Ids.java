package io.rtm.emulator;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The ids the emulator hands out: {@code request_id}s ({@code <random per emulator>-<counter>}), message ids
 * ({@code <same prefix>-m<counter>}) and history query handles (opaque: the prefix, a counter and random bits,
 * one path segment). Thread-safe.
 */
final class Ids {

    private final String prefix = Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong handles = new AtomicLong();

    String nextRequestId() {
        return prefix + '-' + requests.incrementAndGet();
    }

    String nextMessageId() {
        return prefix + "-m" + messages.incrementAndGet();
    }

    /** A fresh query handle: unique per emulator, and not guessable from the previous one. */
    String nextHandle() {
        return prefix + 'q' + handles.incrementAndGet() + 'x'
                + Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
    }
}
