package io.rtm.core;

/**
 * Credentials for the service. The built-in kinds are {@link #basic(String, String)} and
 * {@link #token(String, String)} / {@link #token(String, TokenSupplier)}; an
 * {@link io.rtm.core.spi.AuthenticatorProvider} turns credentials into an authenticator, so a plugin may
 * define its own kind. Implementations never print secrets in {@code toString()}.
 */
public interface Credentials {

    /** A short scheme name, e.g. {@code basic} or {@code token}. */
    String scheme();

    /**
     * Basic auth with the project's api key and secret: may send as any user.
     *
     * @throws io.rtm.core.error.RtmConfigurationException when a part is empty, or the api key contains {@code ':'}
     *                                                     (Basic auth splits key and secret at the first colon)
     */
    static BasicCredentials basic(String apiKey, String apiSecret) {
        return new BasicCredentials(apiKey, apiSecret);
    }

    /** Token auth with a fixed RTM token generated for {@code uid}: may send only as {@code uid}. */
    static TokenCredentials token(String uid, String token) {
        return new TokenCredentials(uid, TokenSupplier.of(token));
    }

    /** Token auth with tokens from a supplier (e.g. renewed before they expire). */
    static TokenCredentials token(String uid, TokenSupplier tokens) {
        return new TokenCredentials(uid, tokens);
    }
}
