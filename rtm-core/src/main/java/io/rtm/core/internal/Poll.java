package io.rtm.core.internal;

/**
 * A result the service may not have ready yet ({@code "code":"in progress"}, SPEC-HISTORY-EVENTS: ask again after
 * 2 s): the value, or null while in progress.
 *
 * @param value the result, or null when in progress
 * @param <T>   the result type
 */
record Poll<T>(T value) {

    private static final Poll<?> IN_PROGRESS = new Poll<>(null);

    /** The service's {@code code} for a result not ready yet. */
    static final String IN_PROGRESS_CODE = "in progress";

    @SuppressWarnings("unchecked")
    static <T> Poll<T> inProgress() {
        return (Poll<T>) IN_PROGRESS;
    }

    static <T> Poll<T> ready(T value) {
        return new Poll<>(java.util.Objects.requireNonNull(value, "value"));
    }

    boolean isReady() {
        return value != null;
    }
}
