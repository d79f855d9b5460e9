package io.rtm.examples.authplugin;

import io.rtm.core.Credentials;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Credentials of the "company token service" kind: the uid to send as, and the HTTP endpoint of the
 * company's own token service that issues RTM tokens for it. The {@code company-token} plugin
 * ({@link CompanyTokenAuthenticatorProvider}) is found by {@link java.util.ServiceLoader} for these
 * credentials; nothing else needs naming:
 *
 * <pre>{@code
 * RtmClient rtm = Rtm.builder()
 *         .appId(appId)
 *         .credentials(new CompanyTokenCredentials("alice", URI.create("https://tokens.internal.example/rtm")))
 *         .build();
 * }</pre>
 *
 * <p>The token service's contract (see {@link CompanyTokenAuthenticator}): {@code POST <tokenService>} with
 * body {@code {"uid":"alice"}} answers {@code 200 {"token":"006…","expires_at":<epoch seconds>}}.
 *
 * <p>Immutable and thread-safe. Holds no secret; the token service URI may, so {@link #toString()} shows only
 * its scheme, host, port and path.
 */
public final class CompanyTokenCredentials implements Credentials {

    /** The credentials' scheme name. */
    public static final String SCHEME = "company-token";
    /** Default connect and response timeout of each call to the token service. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private final String uid;
    private final URI tokenService;
    private final Duration timeout;

    /**
     * Credentials with the default timeout (5 s).
     *
     * @throws IllegalArgumentException when the uid is empty or the URI is not usable (see
     *                                  {@link #CompanyTokenCredentials(String, URI, Duration)})
     */
    public CompanyTokenCredentials(String uid, URI tokenService) {
        this(uid, tokenService, DEFAULT_TIMEOUT);
    }

    /**
     * Credentials with an explicit timeout for each call to the token service.
     *
     * @param uid          the user ID the tokens are generated for; the client may send only as this user
     * @param tokenService absolute {@code https://} URI of the token service ({@code http://} only to a loopback
     *                     host: tokens are secrets), without user info or fragment
     * @param timeout      connect timeout and response timeout of each call to the token service; positive
     * @throws IllegalArgumentException naming the parameter and the rule it breaks
     */
    public CompanyTokenCredentials(String uid, URI tokenService, Duration timeout) {
        this.uid = Objects.requireNonNull(uid, "uid");
        this.tokenService = Objects.requireNonNull(tokenService, "tokenService");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (uid.isEmpty()) {
            throw new IllegalArgumentException("uid must not be empty");
        }
        String scheme = tokenService.getScheme() == null ? "" : tokenService.getScheme().toLowerCase(Locale.ROOT);
        if (!tokenService.isAbsolute() || tokenService.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw new IllegalArgumentException("tokenService must be an absolute http(s) URI with a host");
        }
        if (scheme.equals("http") && !isLoopback(tokenService.getHost())) {
            throw new IllegalArgumentException("tokenService must use https (plain http only to a loopback host): tokens are secrets");
        }
        if (tokenService.getRawUserInfo() != null) {
            // it would be a credential inside a URL, printed wherever URLs are printed
            throw new IllegalArgumentException("tokenService must not contain user info");
        }
        if (tokenService.getRawFragment() != null) {
            throw new IllegalArgumentException("tokenService must not contain a fragment");
        }
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
    }

    /** {@value #SCHEME}. */
    @Override
    public String scheme() {
        return SCHEME;
    }

    /** The uid the tokens are generated for ({@code x-ar-uid}); the only sender these credentials allow. */
    public String uid() {
        return uid;
    }

    /** The token service's endpoint. */
    public URI tokenService() {
        return tokenService;
    }

    /** Connect and response timeout of each call to the token service. */
    public Duration timeout() {
        return timeout;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CompanyTokenCredentials c && uid.equals(c.uid) && tokenService.equals(c.tokenService)
                && timeout.equals(c.timeout);
    }

    @Override
    public int hashCode() {
        return Objects.hash(uid, tokenService, timeout);
    }

    /** The uid and the token service without its query (which could carry a key). */
    @Override
    public String toString() {
        return "CompanyTokenCredentials{uid='" + uid + "', tokenService=" + printable(tokenService) + ", timeout=" + timeout + '}';
    }

    /** Scheme, host, port and path of a URI; a query is shown as {@code ?…}. */
    static String printable(URI uri) {
        return uri.getScheme() + "://" + uri.getRawAuthority() + (uri.getRawPath() == null ? "" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?…");
    }

    private static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.equals("[::1]") || h.equals("::1") || h.matches("127(\\.\\d{1,3}){3}");
    }
}
