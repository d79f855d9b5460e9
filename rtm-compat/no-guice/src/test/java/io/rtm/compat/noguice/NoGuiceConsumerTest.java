package io.rtm.compat.noguice;

import static io.rtm.compat.kit.Dependency.GUAVA;
import static io.rtm.compat.kit.Dependency.GUICE;
import static org.assertj.core.api.Assertions.assertThat;

import io.rtm.compat.kit.Dependency;
import io.rtm.compat.kit.Sends;
import io.rtm.emulator.junit.RtmEmulatorExtension;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A service with no Guice at all (see this module's pom.xml). */
class NoGuiceConsumerTest {

    @RegisterExtension
    static final RtmEmulatorExtension rtm = RtmEmulatorExtension.create();

    @Test
    void getsNeitherGuiceNorGuavaFromTheRtmArtifacts() {
        assertThat(Dependency.versionsOf(GUICE, GUAVA)).isEqualTo(Map.of(GUICE, "absent", GUAVA, "absent"));
    }

    @Test
    void deliversThroughThePlainBuilder() {
        Sends.peerAndChannelMessagesReachTheirReceiver(rtm, rtm.clientBuilder());
    }
}
