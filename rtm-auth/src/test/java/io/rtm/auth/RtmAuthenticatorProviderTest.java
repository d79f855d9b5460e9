package io.rtm.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rtm.core.Credentials;
import io.rtm.core.error.RtmConfigurationException;
import io.rtm.core.spi.AuthenticatorProvider;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class RtmAuthenticatorProviderTest {

    final RtmAuthenticatorProvider provider = new RtmAuthenticatorProvider();

    @Test
    void serviceLoaderFindsTheProvider() {
        List<AuthenticatorProvider> found = ServiceLoader.load(AuthenticatorProvider.class).stream()
                .map(ServiceLoader.Provider::get).toList();

        assertThat(found).singleElement().isInstanceOfSatisfying(RtmAuthenticatorProvider.class, p -> {
            assertThat(p.name()).isEqualTo("rtm-auth");
            assertThat(p.priority()).isEqualTo(100);
        });
    }

    @Test
    void createsABasicAuthenticatorForBasicCredentials() {
        assertThat(provider.supports(Credentials.basic("k", "s"))).isTrue();
        assertThat(provider.create(Credentials.basic("k", "s"))).isInstanceOf(BasicAuthenticator.class);
    }

    @Test
    void createsATokenAuthenticatorForTokenCredentials() {
        assertThat(provider.supports(Credentials.token("alice", "t"))).isTrue();
        assertThat(provider.create(Credentials.token("alice", "t")))
                .isInstanceOfSatisfying(TokenAuthenticator.class, a -> assertThat(a.uid()).isEqualTo("alice"));
    }

    @Test
    void doesNotSupportOtherCredentialKinds() {
        Credentials custom = () -> "hmac";

        assertThat(provider.supports(custom)).isFalse();
        assertThatThrownBy(() -> provider.create(custom)).isInstanceOf(RtmConfigurationException.class)
                .hasMessageContaining("'hmac'");
    }
}
