package io.rtm.examples.cli;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A request to stop (SIGTERM or Ctrl-C), seen by the command that is running. A command that can stop
 * gracefully (a bulk send, the emulator, a receiver) says so with {@link #stopsGracefully} and watches
 * {@link #requested()}; the JVM's shutdown then waits for it to report and exits with its exit code
 * instead of the signal's. Any other command is simply ended by the signal, as usual.
 *
 * <p>Why a shutdown hook holds the JVM: once a signal starts the JVM's shutdown, {@code System.exit} blocks,
 * so the hook itself ends the JVM ({@code Runtime.halt}) with the code the command returned. Thread-safe.
 */
final class StopSignal {

    /** Time the hook allows beyond a command's own bound to print its report and close. */
    private static final Duration REPORT_MARGIN = Duration.ofSeconds(10);

    private final CompletableFuture<Void> requested = new CompletableFuture<>();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile Duration bound;
    private volatile int exitCode;

    /** Asks the running command to stop. Idempotent. */
    void request() {
        requested.complete(null);
    }

    /** Completes when a stop is requested. Never completes exceptionally. */
    CompletableFuture<Void> requested() {
        return requested;
    }

    boolean isRequested() {
        return requested.isDone();
    }

    /** The running command stops gracefully within {@code bound} of a request (then reports and returns its code). */
    void stopsGracefully(Duration bound) {
        this.bound = bound;
    }

    /** The CLI finished with this code (called by {@code main} before it exits). */
    void finished(int code) {
        exitCode = code;
        finished.countDown();
    }

    /**
     * The shutdown hook's work: request a stop; if the running command stops gracefully, wait for it and end
     * the JVM with its exit code. Returns at once otherwise: after {@code System.exit} (the CLI already
     * finished) or for a command that the signal simply ends.
     */
    void onShutdown(Runnable flush) {
        request();
        Duration b = bound;
        if (b == null || finished.getCount() == 0) {
            return;
        }
        try {
            if (finished.await(b.plus(REPORT_MARGIN).toMillis(), TimeUnit.MILLISECONDS)) {
                flush.run();
                Runtime.getRuntime().halt(exitCode);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
