package io.rtm.core;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The SDK's version (filtered in at build time) and its {@code User-Agent}. */
final class SdkVersion {

    private static final String VERSION = load();
    private static final String USER_AGENT = "rtm-java/" + VERSION + " (Java " + System.getProperty("java.version")
            + "; " + System.getProperty("os.name") + ")";

    private SdkVersion() {
    }

    /** The SDK version, e.g. {@code 0.1.0}. */
    static String version() {
        return VERSION;
    }

    /** {@code rtm-java/<version> (Java <version>; <os>)}. */
    static String userAgent() {
        return USER_AGENT;
    }

    private static String load() {
        try (InputStream in = SdkVersion.class.getResourceAsStream("/io/rtm/core/version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
