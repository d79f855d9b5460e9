package io.rtm.core.internal;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The SDK's default completion executor: a small pool of daemon threads ({@code rtm-completion-N}) that completes the
 * futures the asynchronous client returns, so callers' continuations never run on the transport's I/O threads. Up to
 * {@value #THREADS} threads (idle ones stop after a minute) and a queue of {@value #QUEUE} completions; when the queue
 * is full, the completion runs on the thread that finished the call (back-pressure on the SDK, never a lost or
 * unboundedly delayed result).
 */
final class CompletionPool {

    static final int THREADS = 4;
    static final int QUEUE = 10_000;
    private static final AtomicInteger IDS = new AtomicInteger();

    private CompletionPool() {
    }

    static ThreadPoolExecutor create() {
        int id = IDS.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(THREADS, THREADS, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUE), r -> {
                    Thread t = new CompletionThread(r, "rtm-completion-" + id + "-" + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.CallerRunsPolicy());
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** Whether the calling thread is one of a completion pool's (a continuation closing its own client). */
    static boolean onPoolThread() {
        return Thread.currentThread() instanceof CompletionThread;
    }

    /** A completion pool's thread, so that {@link #onPoolThread} can tell it. */
    private static final class CompletionThread extends Thread {
        CompletionThread(Runnable task, String name) {
            super(task, name);
        }
    }
}
