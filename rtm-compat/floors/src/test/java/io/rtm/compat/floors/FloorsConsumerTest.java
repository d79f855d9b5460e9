package io.rtm.compat.floors;

import static io.rtm.compat.kit.Dependency.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.rtm.compat.kit.Dependency;
import io.rtm.compat.kit.Metrics;
import io.rtm.compat.kit.Sends;
import io.rtm.compat.kit.guice.Injected;
import io.rtm.emulator.junit.RtmEmulatorExtension;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every runtime dependency at its documented floor (the floor.* properties of this module's pom.xml). */
class FloorsConsumerTest {

    @RegisterExtension
    static final RtmEmulatorExtension rtm = RtmEmulatorExtension.create();

    private static String floor(String name) {
        return System.getProperty("floor." + name);
    }

    @Test
    void runsOnEveryDocumentedFloor() {
        assertThat(Dependency.versionsOf(
                HTTPCLIENT5, HTTPCORE5, HTTPCORE5_H2,
                JACKSON_CORE, SLF4J_API, MICROMETER_CORE, GUICE, GUAVA, JETTY_SERVER))
            .isEqualTo(Map.of(
                HTTPCLIENT5, floor("httpclient5"),
                HTTPCORE5, floor("httpcore5"),
                HTTPCORE5_H2, floor("httpcore5"),
                JACKSON_CORE, floor("jackson"),
                SLF4J_API, floor("slf4j"),
                MICROMETER_CORE, floor("micrometer"),
                GUICE, floor("guice"),
                GUAVA, floor("guava"),
                JETTY_SERVER, floor("jetty")));
    }

    @Test
    void deliversPeerAndChannelMessagesThroughThePlainBuilder() {
        Sends.peerAndChannelMessagesReachTheirReceiver(rtm, rtm.clientBuilder());
    }

    @Test
    void recordsItsMeters() {
        Metrics.aSendIsTimedOnceAsACallAndOnceAsAnAttempt(rtm);
    }

    @Test
    void anInjectorWithRtmCoreModuleGivesAClientThatDelivers() throws Exception {
        Injected.anInjectedClientDeliversAPeerMessage(rtm);
    }
}
