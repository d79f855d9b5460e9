package io.rtm.core.spi;

import io.rtm.core.Credentials;

/**
 * Makes an {@link Authenticator} discoverable through {@link java.util.ServiceLoader}
 * ({@code META-INF/services/io.rtm.core.spi.AuthenticatorProvider}). For the builder's credentials, the
 * supporting provider named by {@code rtm.authenticator} / {@code RTM_AUTHENTICATOR} is chosen, else the
 * supporting provider with the highest priority.
 */
public interface AuthenticatorProvider {

    /** A short unique name, e.g. {@code rtm-auth}. */
    String name();

    /** Higher wins among providers that support the credentials. */
    int priority();

    /** Whether this provider can authenticate with these credentials. */
    boolean supports(Credentials credentials);

    /** Creates an authenticator for these credentials (only called when {@link #supports} is true). */
    Authenticator create(Credentials credentials);
}
