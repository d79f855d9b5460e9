package io.rtm.core.spi;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Values that the interceptors of one call share (AWS SDK's {@code ExecutionAttributes} model): a per-call,
 * thread-safe bag keyed by {@link AttributeKey}. One bag lives as long as its call and is the same for every attempt
 * ({@link CallContext#forAttempt} shares it). The SDK itself publishes some values in it: see
 * {@link PipelineAttributes}. Values must not be null.
 */
public final class CallAttributes {

    /** Keys and values side by side; a call holds only a handful, so a scan beats a hash map. Guarded by this. */
    private Object[] entries = EMPTY;
    private int size;
    private static final Object[] EMPTY = new Object[0];

    /** An empty bag (the SDK makes one per call; tests of interceptors make their own). */
    public CallAttributes() {
    }

    /** The value for the key, if present. */
    public <T> Optional<T> get(AttributeKey<T> key) {
        Objects.requireNonNull(key, "key");
        synchronized (this) {
            for (int i = 0; i < size; i += 2) {
                if (entries[i] == key) {
                    return Optional.of(key.type().cast(entries[i + 1]));
                }
            }
        }
        return Optional.empty();
    }

    /** Sets the value for the key, replacing any earlier one. */
    public <T> void put(AttributeKey<T> key, T value) {
        Objects.requireNonNull(key, "key");
        Object v = key.type().cast(Objects.requireNonNull(value, "value"));
        synchronized (this) {
            for (int i = 0; i < size; i += 2) {
                if (entries[i] == key) {
                    entries[i + 1] = v;
                    return;
                }
            }
            if (size == entries.length) {
                entries = java.util.Arrays.copyOf(entries, Math.max(4, size * 2));
            }
            entries[size++] = key;
            entries[size++] = v;
        }
    }

    /** The value for the key, setting it from the supplier first when absent. */
    public synchronized <T> T computeIfAbsent(AttributeKey<T> key, Supplier<? extends T> value) {
        Optional<T> present = get(key);
        if (present.isPresent()) {
            return present.get();
        }
        T created = value.get();
        put(key, created);
        return created;
    }

    /** Removes the value for the key, if any. */
    public synchronized void remove(AttributeKey<?> key) {
        for (int i = 0; i < size; i += 2) {
            if (entries[i] == key) {
                System.arraycopy(entries, i + 2, entries, i, size - i - 2);
                size -= 2;
                entries[size] = null;
                entries[size + 1] = null;
                return;
            }
        }
    }

    /** The keys present (their names only; values may be private). */
    @Override
    public synchronized String toString() {
        StringBuilder sb = new StringBuilder("CallAttributes[");
        for (int i = 0; i < size; i += 2) {
            sb.append(i == 0 ? "" : ", ").append(((AttributeKey<?>) entries[i]).name());
        }
        return sb.append(']').toString();
    }
}
