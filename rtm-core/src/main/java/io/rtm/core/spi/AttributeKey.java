package io.rtm.core.spi;

import java.util.Objects;

/**
 * The key of one value in a call's {@link CallAttributes}: a name (for diagnostics) and the value's type. Keys compare
 * by identity, so two interceptors never clash by choosing the same name: keep each key in a {@code static final}
 * field. Immutable and thread-safe.
 *
 * <pre>{@code
 * static final AttributeKey<Span> SPAN = AttributeKey.of("my-tracing.span", Span.class);
 * }</pre>
 *
 * @param <T> the type of the value
 */
public final class AttributeKey<T> {

    private final String name;
    private final Class<T> type;

    private AttributeKey(String name, Class<T> type) {
        this.name = Objects.requireNonNull(name, "name");
        this.type = Objects.requireNonNull(type, "type");
    }

    /** A new key; every call returns a distinct key. */
    public static <T> AttributeKey<T> of(String name, Class<T> type) {
        return new AttributeKey<>(name, type);
    }

    /** The name given to {@link #of}. */
    public String name() {
        return name;
    }

    /** The type of the values. */
    public Class<T> type() {
        return type;
    }

    @Override
    public String toString() {
        return "AttributeKey{" + name + ": " + type.getSimpleName() + '}';
    }
}
