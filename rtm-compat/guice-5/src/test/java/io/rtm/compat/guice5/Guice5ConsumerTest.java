package io.rtm.compat.guice5;

import static io.rtm.compat.kit.Dependency.GUICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.google.inject.CreationException;
import com.google.inject.Guice;
import io.rtm.compat.kit.Sends;
import io.rtm.compat.kit.guice.Injected;
import io.rtm.emulator.junit.RtmEmulatorExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A service that pins Guice 5.1.0, which knows only javax.inject (see this module's pom.xml): a user who never
 * touches Guice must not be broken by it, and a Guice user must be told which Guice the modules need.
 */
class Guice5ConsumerTest {

    @RegisterExtension
    static final RtmEmulatorExtension rtm = RtmEmulatorExtension.create();

    @Test
    void runsOnGuice510() {
        assertThat(GUICE.version()).contains("5.1.0");
    }

    @Test
    void thePlainBuilderDeliversAlthoughTheServicePinsGuice5() {
        Sends.peerAndChannelMessagesReachTheirReceiver(rtm, rtm.clientBuilder());
    }

    @Test
    void rtmCoreModuleFailsWithOneMessageNamingGuice600() {
        Throwable failure = catchThrowable(() -> Guice.createInjector(Injected.modules(rtm)));

        assertThat(failure).isNotNull();
        if (failure instanceof CreationException creation) {
            assertThat(creation.getErrorMessages()).hasSize(1);
        }
        assertThat(failure.getMessage()).contains("Guice").contains("6.0.0");
    }
}
