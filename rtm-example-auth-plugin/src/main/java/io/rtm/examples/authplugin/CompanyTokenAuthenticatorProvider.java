package io.rtm.examples.authplugin;

import io.rtm.core.Credentials;
import io.rtm.core.error.RtmConfigurationException;
import io.rtm.core.spi.Authenticator;
import io.rtm.core.spi.AuthenticatorProvider;

/**
 * Makes the company-token plugin discoverable: listed in
 * {@code META-INF/services/io.rtm.core.spi.AuthenticatorProvider}, it is chosen by
 * {@link io.rtm.core.Rtm#builder()} whenever the credentials are {@link CompanyTokenCredentials} (no other
 * provider supports them, so its priority never competes with rtm-auth's). Name {@value #NAME}, priority
 * {@value #PRIORITY}. Stateless; ServiceLoader needs the public no-argument constructor.
 */
public final class CompanyTokenAuthenticatorProvider implements AuthenticatorProvider {

    /** This provider's name, for {@code -Drtm.authenticator=company-token} / {@code RTM_AUTHENTICATOR}. */
    public static final String NAME = "company-token";
    /** This provider's priority. */
    public static final int PRIORITY = 100;

    /** Creates the provider. */
    public CompanyTokenAuthenticatorProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    /** True only for {@link CompanyTokenCredentials}. */
    @Override
    public boolean supports(Credentials credentials) {
        return credentials instanceof CompanyTokenCredentials;
    }

    /**
     * A new {@link CompanyTokenAuthenticator} for these credentials.
     *
     * @throws RtmConfigurationException for any other kind of credentials
     */
    @Override
    public Authenticator create(Credentials credentials) {
        if (credentials instanceof CompanyTokenCredentials company) {
            return new CompanyTokenAuthenticator(company);
        }
        throw new RtmConfigurationException(NAME + " authenticates " + CompanyTokenCredentials.SCHEME
                + " credentials, not '" + (credentials == null ? "null" : credentials.scheme()) + "'");
    }

    @Override
    public String toString() {
        return "CompanyTokenAuthenticatorProvider{name=" + NAME + ", priority=" + PRIORITY + '}';
    }
}
