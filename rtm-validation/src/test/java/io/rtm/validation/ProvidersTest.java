package io.rtm.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.rtm.core.spi.ValidatorProvider;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class ProvidersTest {

    @Test
    void serviceLoaderFindsBothProvidersWithTheirNamesAndPriorities() {
        List<ValidatorProvider> providers = ServiceLoader.load(ValidatorProvider.class).stream()
                .map(ServiceLoader.Provider::get).toList();

        assertThat(providers).extracting(ValidatorProvider::name, ValidatorProvider::priority)
                .containsExactlyInAnyOrder(tuple("standard", 100), tuple("signaling-interop", 50));
    }

    @Test
    void eachProviderCreatesTheValidatorOfItsProfile() {
        assertThat(new RtmValidatorProvider().create()).isSameAs(RtmValidator.standard());
        assertThat(new SignalingInteropValidatorProvider().create()).isSameAs(RtmValidator.signalingInterop());
    }
}
