package io.rtm.compat.boot41;

import static io.rtm.compat.kit.Dependency.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.rtm.compat.kit.Dependency;
import io.rtm.compat.kit.Metrics;
import io.rtm.compat.kit.Sends;
import io.rtm.emulator.junit.RtmEmulatorExtension;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A Spring Boot 4.1.2 service that imports Boot's BOM before rtm-bom (see this module's pom.xml). */
class SpringBoot41ConsumerTest {

    @RegisterExtension
    static final RtmEmulatorExtension rtm = RtmEmulatorExtension.create();

    @Test
    void runsOnTheVersionsSpringBoot412PinsNotOurs() {
        assertThat(Dependency.versionsOf(
                HTTPCLIENT5, HTTPCORE5, HTTPCORE5_H2,
                JACKSON_CORE, SLF4J_API, MICROMETER_CORE, JETTY_SERVER, JUNIT_JUPITER_API))
            .isEqualTo(Map.of(
                HTTPCLIENT5, "5.6.5",
                HTTPCORE5, "5.4.4",
                HTTPCORE5_H2, "5.4.4",
                JACKSON_CORE, "2.21.7",
                SLF4J_API, "2.0.20",
                MICROMETER_CORE, "1.17.2",
                JETTY_SERVER, "12.1.14",
                JUNIT_JUPITER_API, "6.0.3"));
    }

    @Test
    void deliversPeerAndChannelMessagesThroughThePlainBuilder() {
        Sends.peerAndChannelMessagesReachTheirReceiver(rtm, rtm.clientBuilder());
    }

    @Test
    void recordsItsMetersOnBootsMicrometer() {
        Metrics.aSendIsTimedOnceAsACallAndOnceAsAnAttempt(rtm);
    }
}
