package io.rtm.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.AbstractModule;
import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.multibindings.OptionalBinder;
import io.rtm.core.ChannelMessage;
import io.rtm.core.PeerMessage;
import io.rtm.core.Violation;
import io.rtm.core.spi.Validator;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValidationModuleTest {

    /** Stands in for a core module that sets a default validator. */
    private static final class DefaultValidatorModule extends AbstractModule {
        static final Validator NO_CHECKS = new Validator() {
            @Override
            public List<Violation> validate(PeerMessage message) {
                return List.of();
            }

            @Override
            public List<Violation> validate(ChannelMessage message) {
                return List.of();
            }
        };

        @Override
        protected void configure() {
            OptionalBinder.newOptionalBinder(binder(), Validator.class).setDefault().toInstance(NO_CHECKS);
        }
    }

    @Test
    void bindsTheStandardValidatorByDefault() {
        Injector injector = Guice.createInjector(new ValidationModule());
        assertThat(injector.getInstance(Validator.class)).isSameAs(RtmValidator.standard());
    }

    @Test
    void bindsTheValidatorOfTheChosenProfile() {
        Injector injector = Guice.createInjector(new ValidationModule(Profile.SIGNALING_INTEROP));
        assertThat(injector.getInstance(Validator.class)).isSameAs(RtmValidator.signalingInterop());
    }

    @Test
    void replacesAnOptionalBinderDefault() {
        Injector injector = Guice.createInjector(new DefaultValidatorModule(), new ValidationModule());
        assertThat(injector.getInstance(Validator.class)).isSameAs(RtmValidator.standard());
        assertThat(Guice.createInjector(new DefaultValidatorModule()).getInstance(Validator.class))
                .isSameAs(DefaultValidatorModule.NO_CHECKS);
    }

    @Test
    void installingTheSameProfileTwiceIsHarmlessButTwoProfilesConflict() {
        Injector injector = Guice.createInjector(new ValidationModule(), new ValidationModule(Profile.STANDARD));
        assertThat(injector.getInstance(Validator.class)).isSameAs(RtmValidator.standard());
        assertThatThrownBy(() -> Guice.createInjector(new ValidationModule(), new ValidationModule(Profile.SIGNALING_INTEROP)))
                .isInstanceOf(CreationException.class);
    }

    @Test
    void guiceConstructsRtmValidatorJustInTimeWithTheStandardProfile() {
        assertThat(Guice.createInjector().getInstance(RtmValidator.class).profile()).isEqualTo(Profile.STANDARD);
    }
}
