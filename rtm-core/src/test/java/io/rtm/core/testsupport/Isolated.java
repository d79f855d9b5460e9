package io.rtm.core.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Runs a static no-argument method of a probe class ({@link PlainProbes}, {@link GuiceProbes}) in a class loader of its own: the test class path without
 * the entries {@code drop} matches, plus the jars of a {@code target/compat/<name>} folder (old Guice, old Jackson),
 * loaded as a fresh application would load them. Returns what the probe returns.
 */
public final class Isolated {

    private Isolated() {
    }

    public static String run(Class<?> probes, String probe, Predicate<String> drop, String compatFolder) throws Exception {
        List<URL> urls = new ArrayList<>();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        for (String entry : classPath.split(File.pathSeparator)) {
            if (!entry.isEmpty() && !drop.test(new File(entry).getName())) {
                urls.add(new File(entry).toURI().toURL());
            }
        }
        if (compatFolder != null) {
            Path dir = Path.of("target", "compat", compatFolder);
            try (Stream<Path> jars = Files.list(dir)) {
                jars.filter(p -> p.toString().endsWith(".jar")).forEach(p -> {
                    try {
                        urls.add(p.toUri().toURL());
                    } catch (MalformedURLException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (IOException e) {
                throw new IllegalStateException("run the build through Maven: " + dir + " is made by maven-dependency-plugin", e);
            }
        }
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            Thread.currentThread().setContextClassLoader(loader);
            return (String) Class.forName(probes.getName(), true, loader).getMethod(probe).invoke(null);
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }
}
