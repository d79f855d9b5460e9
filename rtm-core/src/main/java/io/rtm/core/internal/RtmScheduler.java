package io.rtm.core.internal;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The SDK's one timer thread (a daemon, {@code rtm-scheduler-N}): the deadline sweep, retry waits and rate-limiter
 * waits. Nothing sleeps; tasks are scheduled. Work done on it is tiny (starting the next attempt).
 */
final class RtmScheduler implements AutoCloseable {

    private static final AtomicInteger IDS = new AtomicInteger();

    private final ScheduledThreadPoolExecutor executor;

    /** Starts the timer thread. */
    RtmScheduler() {
        int id = IDS.incrementAndGet();
        ThreadFactory tf = r -> {
            Thread t = new Thread(r, "rtm-scheduler-" + id);
            t.setDaemon(true);
            return t;
        };
        executor = new ScheduledThreadPoolExecutor(1, tf);
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** Runs the task after the delay. */
    public ScheduledFuture<?> schedule(Runnable task, long delayNanos) {
        return executor.schedule(task, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
    }

    /** Tasks scheduled and not yet run (tests and diagnostics; cancelled tasks are removed at once). */
    int pendingTasks() {
        return executor.getQueue().size();
    }

    /** Stops the thread; pending tasks are dropped (their calls were already failed by the client). */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
