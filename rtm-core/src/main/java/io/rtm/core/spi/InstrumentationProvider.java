package io.rtm.core.spi;

/**
 * Finds an {@link Instrumentation} with {@link java.util.ServiceLoader}: every client built (by {@code Rtm.builder()}
 * or {@code RtmCoreModule}) adds the instrumentation of every provider on the class path, unless one of the same name
 * was given to it, or the provider's name is listed in the system property {@code rtm.instrumentation.disabled} /
 * environment variable {@code RTM_INSTRUMENTATION_DISABLED} (comma-separated names, or {@code all}). For plugins that
 * need no configuration to be useful (e.g. tracing through the global OpenTelemetry). Implementations need a public
 * no-argument constructor and a {@code META-INF/services/io.rtm.core.spi.InstrumentationProvider} entry (or a
 * {@code provides} clause in module-info).
 */
public interface InstrumentationProvider {

    /** The instrumentation's name, the one {@link #create()} gives it (e.g. {@code opentelemetry}). */
    String name();

    /** A new instrumentation for one client; called once per client built. */
    Instrumentation create();
}
