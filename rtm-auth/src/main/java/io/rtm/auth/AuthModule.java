package io.rtm.auth;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.OptionalBinder;
import io.rtm.core.Credentials;
import io.rtm.core.spi.Authenticator;
import java.util.Objects;

/**
 * Guice module binding the {@link Authenticator} for the given credentials, with
 * {@code OptionalBinder.setBinding()} so it wins over a default bound elsewhere. The authenticator is
 * created (and the credentials checked) when the module is constructed.
 */
public final class AuthModule extends AbstractModule {

    private final Authenticator authenticator;

    /**
     * Creates the module.
     *
     * @throws io.rtm.core.error.RtmConfigurationException for credentials other than basic or token
     */
    public AuthModule(Credentials credentials) {
        this.authenticator = new RtmAuthenticatorProvider().create(Objects.requireNonNull(credentials, "credentials"));
    }

    @Override
    protected void configure() {
        OptionalBinder.newOptionalBinder(binder(), Authenticator.class).setBinding().toInstance(authenticator);
    }

    @Override
    public String toString() {
        return "AuthModule{" + authenticator + "}";
    }
}
