package io.rtm.compat.boot40;

import static io.rtm.compat.kit.Dependency.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.rtm.compat.kit.Dependency;
import io.rtm.compat.kit.Metrics;
import io.rtm.compat.kit.Sends;
import io.rtm.emulator.junit.RtmEmulatorExtension;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A Spring Boot 4.0.7 service that imports Boot's BOM before rtm-bom (see this module's pom.xml). */
class SpringBoot40ConsumerTest {

    @RegisterExtension
    static final RtmEmulatorExtension rtm = RtmEmulatorExtension.create();

    @Test
    void runsOnTheVersionsSpringBoot407PinsNotOurs() {
        assertThat(Dependency.versionsOf(
                HTTPCLIENT5, HTTPCORE5, HTTPCORE5_H2,
                JACKSON_CORE, SLF4J_API, MICROMETER_CORE, JETTY_SERVER, JUNIT_JUPITER_API))
            .isEqualTo(Map.of(
                HTTPCLIENT5, "5.5.2",
                HTTPCORE5, "5.3.6",
                HTTPCORE5_H2, "5.3.6",
                JACKSON_CORE, "2.21.4",
                SLF4J_API, "2.0.18",
                MICROMETER_CORE, "1.16.6",
                JETTY_SERVER, "12.1.10",
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
