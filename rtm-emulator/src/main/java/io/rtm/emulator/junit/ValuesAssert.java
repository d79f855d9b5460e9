package io.rtm.emulator.junit;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.opentest4j.AssertionFailedError;

/**
 * Assertions on strings taken from messages as they arrive (payloads, senders). The positive assertions poll
 * until they hold or the timeout passes; {@link #containsExactly} and {@link #hasSize} fail at once when the
 * list can no longer become what is expected (lists only grow). Thread-safe.
 */
public final class ValuesAssert {

    private final String description;
    private final Supplier<List<String>> values;
    private final Duration timeout;

    ValuesAssert(String description, Supplier<List<String>> values, Duration timeout) {
        this.description = description;
        this.values = values;
        this.timeout = timeout;
    }

    /** Waits until the values are exactly {@code expected}, in order. */
    public ValuesAssert containsExactly(String... expected) {
        List<String> want = Arrays.asList(expected);
        List<String> actual = await(a -> a.equals(want), a -> !isPrefix(a, want));
        if (!actual.equals(want)) {
            throw new AssertionFailedError(description + ": expected exactly " + want + " but was " + actual, want, actual);
        }
        return this;
    }

    /** Waits until the values contain every one of {@code expected} (in any order, others allowed). */
    public ValuesAssert contains(String... expected) {
        List<String> want = Arrays.asList(expected);
        List<String> actual = await(a -> a.containsAll(want), a -> false);
        if (!actual.containsAll(want)) {
            throw new AssertionFailedError(description + ": expected to contain " + want + " but was " + actual, want, actual);
        }
        return this;
    }

    /** Waits until there are exactly {@code size} values. */
    public ValuesAssert hasSize(int size) {
        List<String> actual = await(a -> a.size() == size, a -> a.size() > size);
        if (actual.size() != size) {
            throw new AssertionFailedError(description + ": expected " + size + " values but was " + actual.size()
                    + ": " + actual, size, actual.size());
        }
        return this;
    }

    /** Checks now (without waiting) that there are no values. */
    public ValuesAssert isEmpty() {
        List<String> actual = values.get();
        if (!actual.isEmpty()) {
            throw new AssertionFailedError(description + ": expected none but was " + actual, List.of(), actual);
        }
        return this;
    }

    /** The values now. */
    public List<String> values() {
        return values.get();
    }

    private static boolean isPrefix(List<String> actual, List<String> expected) {
        return actual.size() <= expected.size() && expected.subList(0, actual.size()).equals(actual);
    }

    private List<String> await(Predicate<List<String>> done, Predicate<List<String>> hopeless) {
        return Polling.await(values, done, hopeless, timeout);
    }
}
