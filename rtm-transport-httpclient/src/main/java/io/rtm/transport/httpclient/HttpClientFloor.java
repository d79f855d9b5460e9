package io.rtm.transport.httpclient;

import io.rtm.core.error.RtmConfigurationException;
import org.apache.hc.core5.util.VersionInfo;

/**
 * The oldest httpclient5 and httpcore5 this transport runs on, checked before anything version-dependent is touched:
 * this class names no httpclient5 type, so it loads on any version and can say which one it found. Below the floor
 * ({@code ConnectionConfig}, {@code TlsConfig} and the I/O reactor's select interval appeared in 5.2) the transport
 * fails to build with one {@link RtmConfigurationException}, rather than with a {@code NoClassDefFoundError} or a
 * {@code NoSuchMethodError} at some later call.
 */
final class HttpClientFloor {

    /** The oldest httpclient5 and httpcore5 minor version supported. */
    static final String FLOOR = "5.2";

    private static final boolean SUPPORTED = present("org.apache.hc.client5.http.config.ConnectionConfig")
            && present("org.apache.hc.client5.http.config.TlsConfig")
            && present("org.apache.hc.core5.util.Deadline")
            && hasSelectInterval();

    private HttpClientFloor() {
    }

    /**
     * Fails when httpclient5 or httpcore5 is older than {@value #FLOOR}.
     *
     * @throws RtmConfigurationException naming both artifacts, the versions found and the versions needed
     */
    static void requireSupported() {
        if (!SUPPORTED) {
            throw new RtmConfigurationException("rtm-transport-httpclient needs org.apache.httpcomponents.client5:httpclient5 "
                    + FLOOR + " or later and org.apache.httpcomponents.core5:httpcore5 " + FLOOR + " or later; the class path has "
                    + "httpclient5 " + version("org.apache.hc.client5") + " and httpcore5 " + version("org.apache.hc.core5")
                    + ". Align them (import rtm-bom before other BOMs, or pin both versions), or use rtm-transport-jdk.");
        }
    }

    /** The release of an httpcomponents module as its jar says, or "unknown". */
    static String version(String module) {
        VersionInfo info = VersionInfo.loadVersionInfo(module, HttpClientFloor.class.getClassLoader());
        return info == null || info.getRelease() == null ? "unknown" : info.getRelease();
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, HttpClientFloor.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static boolean hasSelectInterval() {
        try {
            ClassLoader loader = HttpClientFloor.class.getClassLoader();
            Class.forName("org.apache.hc.core5.reactor.IOReactorConfig$Builder", false, loader)
                    .getMethod("setSelectInterval", Class.forName("org.apache.hc.core5.util.TimeValue", false, loader));
            return true;
        } catch (ReflectiveOperationException | LinkageError e) {
            return false;
        }
    }
}
