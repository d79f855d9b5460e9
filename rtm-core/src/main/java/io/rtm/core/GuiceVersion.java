package io.rtm.core;

import com.google.inject.util.Providers;

/**
 * Whether the Guice on the class path is new enough for {@link RtmCoreModule}: 6.0.0 was the first to understand
 * {@code jakarta.inject}, which the SDK's plugins use. Guice 5 would fail later with one confusing error per class
 * ({@code [Guice/MissingConstructor] No injectable constructor}); this turns that into one clear message.
 */
final class GuiceVersion {

    private GuiceVersion() {
    }

    /** Null when the Guice in use is 6.0.0 or later; otherwise the error message naming Guice and the minimum version. */
    static String tooOld() {
        try {
            // added in Guice 6.0.0 together with jakarta.inject support
            Providers.class.getMethod("guicify", jakarta.inject.Provider.class);
            return null;
        } catch (NoSuchMethodException | NoClassDefFoundError e) {
            return message(found());
        }
    }

    static String message(String found) {
        return "rtm-java's Guice modules need com.google.inject:guice " + RtmCoreModule.MINIMUM_GUICE
                + " or later (the first that understands jakarta.inject); found " + found
                + ". Upgrade Guice, or build the client without Guice: Rtm.builder()...build() needs no injector.";
    }

    /** The Guice version from its jar's manifest ({@code Bundle-Version}), when it says. */
    private static String found() {
        try {
            java.net.URL jar = Providers.class.getProtectionDomain().getCodeSource().getLocation();
            try (java.util.jar.JarFile file = new java.util.jar.JarFile(new java.io.File(jar.toURI()))) {
                java.util.jar.Manifest manifest = file.getManifest();
                String version = manifest == null ? null : manifest.getMainAttributes().getValue("Bundle-Version");
                if (version != null) {
                    return "Guice " + version;
                }
            }
        } catch (Exception | LinkageError e) {
            // not a jar, or no manifest: unknown then
        }
        return "an older version";
    }
}
