package io.rtm.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.multibindings.OptionalBinder;
import io.rtm.core.Credentials;
import io.rtm.core.error.RtmConfigurationException;
import io.rtm.core.spi.Authenticator;
import io.rtm.core.spi.CallContext;
import io.rtm.core.spi.HttpRequest;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class AuthModuleTest {

    @Test
    void bindsABasicAuthenticatorForBasicCredentials() {
        Injector injector = Guice.createInjector(new AuthModule(Credentials.basic("user", "pass")));

        Authenticator auth = injector.getInstance(Authenticator.class);

        assertThat(auth).isInstanceOf(BasicAuthenticator.class);
        assertThat(auth.authenticate(Requests.peerMessage("a"), Requests.call("a")).join().headers().firstValue("Authorization"))
                .hasValue("Basic dXNlcjpwYXNz");
    }

    @Test
    void bindsATokenAuthenticatorForTokenCredentials() {
        Injector injector = Guice.createInjector(new AuthModule(Credentials.token("alice", "t")));

        assertThat(injector.getInstance(Authenticator.class)).isInstanceOf(TokenAuthenticator.class);
    }

    @Test
    void overridesADefaultAuthenticatorBoundElsewhere() {
        Authenticator fallback = new Authenticator() {
            @Override
            public CompletableFuture<HttpRequest> authenticate(HttpRequest request, CallContext call) {
                return CompletableFuture.completedFuture(request);
            }
        };
        AbstractModule core = new AbstractModule() {
            @Override
            protected void configure() {
                OptionalBinder.newOptionalBinder(binder(), Authenticator.class).setDefault().toInstance(fallback);
            }
        };

        Injector injector = Guice.createInjector(core, new AuthModule(Credentials.basic("user", "pass")));

        assertThat(injector.getInstance(Authenticator.class)).isInstanceOf(BasicAuthenticator.class);
    }

    @Test
    void rejectsUnsupportedCredentialsWhenConstructed() {
        assertThatThrownBy(() -> new AuthModule(() -> "custom")).isInstanceOf(RtmConfigurationException.class);
    }
}
