package io.rtm.core.spi;

import java.util.List;
import java.util.Objects;

/**
 * A named bundle of {@link Interceptor}s and {@link CallObserver}s that instrument a client together (e.g. tracing:
 * an observer for the call's span, interceptors for each exchange's span). Given to
 * {@code RtmBuilder.addInstrumentation}, bound in Guice through {@code Multibinder<Instrumentation>}, or discovered
 * with {@link InstrumentationProvider}; a discovered one is not added when one of the same {@link #name()} was given.
 * The interceptors of all instrumentations run before the ones added one by one, each in its {@link Phase}.
 * Immutable.
 *
 * @param name           a short, stable name, e.g. {@code opentelemetry}
 * @param interceptors   its interceptors, in order
 * @param callObservers  its call observers, in order
 */
public record Instrumentation(String name, List<Interceptor> interceptors, List<CallObserver> callObservers) {

    /** Checks and copies the lists. */
    public Instrumentation {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("an instrumentation's name must not be blank");
        }
        interceptors = List.copyOf(interceptors);
        callObservers = List.copyOf(callObservers);
    }
}
