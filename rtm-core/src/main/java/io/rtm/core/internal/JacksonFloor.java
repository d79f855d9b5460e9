package io.rtm.core.internal;

import com.fasterxml.jackson.core.Version;
import io.rtm.core.error.RtmConfigurationException;

/**
 * The oldest jackson-core the SDK works with, checked when a client is built, so that an application whose
 * dependencies pull an older Jackson fails at once with one clear message instead of a {@code NoSuchFieldError} in the
 * middle of a send. 2.18.0 is the first with {@code JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8}, which the
 * request encoder needs to write an emoji as its 4 UTF-8 bytes.
 */
final class JacksonFloor {

    static final Version MINIMUM = new Version(2, 18, 0, null, "com.fasterxml.jackson.core", "jackson-core");

    private static volatile boolean checked;

    private JacksonFloor() {
    }

    /** Checks the jackson-core on the class path (once per class loader). */
    static void check() {
        if (!checked) {
            check(com.fasterxml.jackson.core.json.PackageVersion.VERSION);
            checked = true;
        }
    }

    /** Checks this version of jackson-core. */
    static void check(Version found) {
        if (found.isUnknownVersion() || found.compareTo(MINIMUM) >= 0) {
            return;
        }
        throw new RtmConfigurationException("rtm-java needs com.fasterxml.jackson.core:jackson-core " + MINIMUM
                + " or later, but " + found + " is on the class path: align Jackson to 2.18.0+ (e.g. import "
                + "com.fasterxml.jackson:jackson-bom, or set the jackson version property of your Spring Boot/BOM)");
    }
}
