package io.rtm.compat.guice7;

import static io.rtm.compat.kit.Dependency.GUICE;
import static org.assertj.core.api.Assertions.assertThat;

import io.rtm.compat.kit.Sends;
import io.rtm.compat.kit.guice.Injected;
import io.rtm.emulator.junit.RtmEmulatorExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A Guice 7.0.0 application (see this module's pom.xml). */
class Guice7ConsumerTest {

    @RegisterExtension
    static final RtmEmulatorExtension rtm = RtmEmulatorExtension.create();

    @Test
    void runsOnGuice700() {
        assertThat(GUICE.version()).contains("7.0.0");
    }

    @Test
    void anInjectorWithRtmCoreModuleGivesAClientThatDelivers() throws Exception {
        Injected.anInjectedClientDeliversAPeerMessage(rtm);
    }

    @Test
    void thePlainBuilderDeliversToo() {
        Sends.peerAndChannelMessagesReachTheirReceiver(rtm, rtm.clientBuilder());
    }
}
