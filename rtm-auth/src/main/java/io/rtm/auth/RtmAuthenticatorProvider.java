package io.rtm.auth;

import io.rtm.core.BasicCredentials;
import io.rtm.core.Credentials;
import io.rtm.core.TokenCredentials;
import io.rtm.core.error.RtmConfigurationException;
import io.rtm.core.spi.Authenticator;
import io.rtm.core.spi.AuthenticatorProvider;
import java.util.Objects;

/**
 * Makes this plugin's authenticators discoverable by {@link java.util.ServiceLoader}: name
 * {@value #NAME}, priority {@value #PRIORITY}; {@link BasicCredentials} become a
 * {@link BasicAuthenticator}, {@link TokenCredentials} a {@link TokenAuthenticator}. Stateless.
 */
public final class RtmAuthenticatorProvider implements AuthenticatorProvider {

    /** This provider's name. */
    public static final String NAME = "rtm-auth";
    /** This provider's priority. */
    public static final int PRIORITY = 100;

    /** Creates the provider (ServiceLoader needs a public no-argument constructor). */
    public RtmAuthenticatorProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    /** True for {@link BasicCredentials} and {@link TokenCredentials}. */
    @Override
    public boolean supports(Credentials credentials) {
        return credentials instanceof BasicCredentials || credentials instanceof TokenCredentials;
    }

    /**
     * The authenticator for these credentials.
     *
     * @throws RtmConfigurationException for credentials this provider does not support
     */
    @Override
    public Authenticator create(Credentials credentials) {
        Objects.requireNonNull(credentials, "credentials");
        if (credentials instanceof BasicCredentials basic) {
            return new BasicAuthenticator(basic);
        }
        if (credentials instanceof TokenCredentials token) {
            return new TokenAuthenticator(token);
        }
        throw new RtmConfigurationException(NAME + " authenticates basic and token credentials, not '"
                + credentials.scheme() + "' (" + credentials.getClass().getName() + ")");
    }

    @Override
    public String toString() {
        return "RtmAuthenticatorProvider{name=" + NAME + ", priority=" + PRIORITY + "}";
    }
}
