package io.rtm.transport.httpclient;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SSLContext;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.async.HttpAsyncClientBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.http.nio.ssl.TlsStrategy;
import org.apache.hc.core5.util.Timeout;

/**
 * What the httpclient5 and httpcore5 on the class path offer, worked out once per JVM, so that the transport runs on
 * every version from {@value HttpClientFloor#FLOOR} on (an application's other BOMs, Spring Boot's for one, may pin an older one
 * than this SDK was built with). Options that only newer versions have are set through reflection when present and
 * skipped otherwise, each with what it costs:
 * <ul>
 *   <li>{@code ConnectionConfig.Builder.setIdleTimeout} (5.6): without it an idle pooled connection still closes
 *       after {@code maxIdleTime}, through its socket timeout;</li>
 *   <li>{@code HttpAsyncClientBuilder.disableContentCompression} (5.6): before 5.6 the async client decodes no
 *       content anyway;</li>
 *   <li>{@code HttpAsyncClientBuilder.disableRequestPriority} (5.6): before 5.6 it sends no {@code Priority}
 *       header anyway;</li>
 *   <li>{@code RequestConfig.Builder.setProtocolUpgradeEnabled} (5.4): before 5.4 it upgrades no protocol anyway;</li>
 *   <li>{@code HostnameVerificationPolicy} (5.4): before it, hostnames are verified by HttpClient's own verifier
 *       only, not also by the JDK's TLS engine.</li>
 * </ul>
 * Below {@value HttpClientFloor#FLOOR}, {@link HttpClientFloor#requireSupported()} fails first, with one clear error.
 */
final class HttpClientVersions {

    private static final Method SET_IDLE_TIMEOUT = method(ConnectionConfig.Builder.class, "setIdleTimeout", Timeout.class);
    private static final Method DISABLE_CONTENT_COMPRESSION = method(HttpAsyncClientBuilder.class, "disableContentCompression");
    private static final Method DISABLE_REQUEST_PRIORITY = method(HttpAsyncClientBuilder.class, "disableRequestPriority");
    private static final Method SET_PROTOCOL_UPGRADE_ENABLED =
            method(RequestConfig.Builder.class, "setProtocolUpgradeEnabled", boolean.class);
    private static final Class<?> HOSTNAME_VERIFICATION_POLICY = type("org.apache.hc.client5.http.ssl.HostnameVerificationPolicy");

    private HttpClientVersions() {
    }

    /** {@code builder.setIdleTimeout(timeout)} where it exists (5.6+). */
    static void setIdleTimeout(ConnectionConfig.Builder builder, Timeout timeout) {
        invoke(SET_IDLE_TIMEOUT, builder, timeout);
    }

    /** {@code builder.disableContentCompression()} where it exists (5.6+). */
    static void disableContentCompression(HttpAsyncClientBuilder builder) {
        invoke(DISABLE_CONTENT_COMPRESSION, builder);
    }

    /** {@code builder.disableRequestPriority()} where it exists (5.6+). */
    static void disableRequestPriority(HttpAsyncClientBuilder builder) {
        invoke(DISABLE_REQUEST_PRIORITY, builder);
    }

    /** {@code builder.setProtocolUpgradeEnabled(false)} where it exists (5.4+). */
    static void disableProtocolUpgrade(RequestConfig.Builder builder) {
        invoke(SET_PROTOCOL_UPGRADE_ENABLED, builder, false);
    }

    /**
     * A TLS strategy that verifies the hostname: with 5.4+ both in the JDK's TLS engine and with {@code verifier}
     * ({@code HostnameVerificationPolicy.BOTH}); before, with {@code verifier} only.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static TlsStrategy tlsStrategy(SSLContext context, HostnameVerifier verifier) {
        if (HOSTNAME_VERIFICATION_POLICY != null) {
            try {
                Object both = Enum.valueOf((Class) HOSTNAME_VERIFICATION_POLICY, "BOTH");
                Constructor<DefaultClientTlsStrategy> constructor = DefaultClientTlsStrategy.class.getConstructor(
                        SSLContext.class, HOSTNAME_VERIFICATION_POLICY, HostnameVerifier.class);
                return constructor.newInstance(context, both, verifier);
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new IllegalStateException("httpclient5 " + HttpClientFloor.version("org.apache.hc.client5")
                        + " has HostnameVerificationPolicy but not the expected DefaultClientTlsStrategy constructor", e);
            }
        }
        return new DefaultClientTlsStrategy(context, verifier);
    }

    private static void invoke(Method method, Object target, Object... args) {
        if (method == null) {
            return;
        }
        try {
            method.invoke(target, args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot call " + method, e);
        }
    }

    private static Method method(Class<?> type, String name, Class<?>... parameters) {
        try {
            return type.getMethod(name, parameters);
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    private static Class<?> type(String name) {
        try {
            return Class.forName(name, false, HttpClientVersions.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }
}
