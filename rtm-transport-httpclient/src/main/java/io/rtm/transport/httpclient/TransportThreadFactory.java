package io.rtm.transport.httpclient;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Names this transport's threads {@code rtm-httpclient-io-<transport>-<n>} (daemons, so a forgotten
 * transport never keeps the JVM alive) and remembers them so {@code close()} can wait for them to end.
 */
final class TransportThreadFactory implements ThreadFactory {

    /** Every transport's thread names start with this. */
    static final String PREFIX = "rtm-httpclient-io-";

    private static final AtomicInteger TRANSPORTS = new AtomicInteger();

    private final String prefix = PREFIX + TRANSPORTS.incrementAndGet() + "-";
    private final AtomicInteger count = new AtomicInteger();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();

    @Override
    public Thread newThread(Runnable r) {
        Thread t = new Thread(r, prefix + count.incrementAndGet());
        t.setDaemon(true);
        threads.add(t);
        return t;
    }

    String prefix() {
        return prefix;
    }

    /** Waits, up to the timeout in total, for every thread made here to end (skipping the calling thread). */
    void awaitTermination(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread t : threads) {
            if (t == Thread.currentThread()) {
                continue;
            }
            long leftMillis = (deadline - System.nanoTime()) / 1_000_000;
            if (leftMillis <= 0) {
                return;
            }
            try {
                t.join(leftMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
