package io.rtm.compat.kit;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * A third-party artifact a consumer's build pins, found at run time by a class only it holds. Lets a compatibility
 * test prove that its class path really has the versions its BOM or pins promise (a Spring Boot BOM imported after
 * rtm-bom, or a parent POM's dependencyManagement, would silently give other ones).
 *
 * <p>The version is read from the jar's place in a Maven repository ({@code .../<artifactId>/<version>/<jar>}), so
 * this works for tests run by Maven, which is where it is used. Stateless, so thread-safe.
 */
public enum Dependency {
    HTTPCLIENT5("org.apache.hc.client5.http.impl.async.HttpAsyncClients"),
    HTTPCORE5("org.apache.hc.core5.http.HttpHost"),
    HTTPCORE5_H2("org.apache.hc.core5.http2.HttpVersionPolicy"),
    JACKSON_CORE("com.fasterxml.jackson.core.JsonFactory"),
    SLF4J_API("org.slf4j.LoggerFactory"),
    MICROMETER_CORE("io.micrometer.core.instrument.MeterRegistry"),
    JETTY_SERVER("org.eclipse.jetty.server.Server"),
    GUICE("com.google.inject.Guice"),
    GUAVA("com.google.common.collect.ImmutableList"),
    JAKARTA_INJECT("jakarta.inject.Inject"),
    JUNIT_JUPITER_API("org.junit.jupiter.api.Test");

    private final String className;

    Dependency(String className) {
        this.className = className;
    }

    /** The version of the jar that holds this artifact's marker class, or empty when no such class is loadable. */
    public Optional<String> version() {
        Class<?> marker;
        try {
            marker = Class.forName(className, false, Dependency.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return Optional.empty();
        }
        CodeSource source = marker.getProtectionDomain().getCodeSource();
        if (source == null) {
            throw new IllegalStateException(className + " was not loaded from a jar");
        }
        try {
            Path jar = Path.of(source.getLocation().toURI());
            return Optional.of(jar.getParent().getFileName().toString());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot tell where " + className + " was loaded from", e);
        }
    }

    /** Whether any version of this artifact is on the class path. */
    public boolean present() {
        return version().isPresent();
    }

    /** The versions of these artifacts on the class path ({@code "absent"} for a missing one), in this order. */
    public static Map<Dependency, String> versionsOf(Dependency... dependencies) {
        Map<Dependency, String> versions = new EnumMap<>(Dependency.class);
        for (Dependency d : dependencies) {
            versions.put(d, d.version().orElse("absent"));
        }
        return versions;
    }
}
