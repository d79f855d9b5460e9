package io.rtm.metrics;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Tag values shared by the meters, each from a small fixed vocabulary. */
final class TagValues {

    static final String NONE = "none";

    /** Micrometer's convention: the simple class name (the full name for an anonymous class). */
    private static final ClassValue<String> EXCEPTION_NAMES = new ClassValue<>() {
        @Override
        protected String computeValue(Class<?> type) {
            String simple = type.getSimpleName();
            return simple.isEmpty() ? type.getName() : simple;
        }
    };

    private TagValues() {
    }

    /** The {@code exception} tag of a failure; {@code none} for null. */
    static String exception(Class<?> type) {
        return type == null ? NONE : EXCEPTION_NAMES.get(type);
    }

    /** The failure itself, without the {@link CompletionException}/{@link ExecutionException} wrappers futures add. */
    static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
