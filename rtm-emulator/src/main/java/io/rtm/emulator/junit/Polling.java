package io.rtm.emulator.junit;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Polls a value until a condition holds, it can no longer hold, or the timeout passes. */
final class Polling {

    private Polling() {
    }

    static <T> T await(Supplier<T> value, Predicate<T> done, Predicate<T> hopeless, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            T v = value.get();
            if (done.test(v) || hopeless.test(v) || System.nanoTime() - end >= 0) {
                return v;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return v;
            }
        }
    }
}
