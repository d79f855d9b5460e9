package io.rtm.compat.boot35;

import static io.rtm.compat.kit.Dependency.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.rtm.compat.kit.Dependency;
import io.rtm.compat.kit.Metrics;
import io.rtm.compat.kit.Sends;
import io.rtm.emulator.junit.RtmEmulatorExtension;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A Spring Boot 3.5.7 service that imports Boot's BOM before rtm-bom (see this module's pom.xml). */
class SpringBoot35ConsumerTest {

    @RegisterExtension
    static final RtmEmulatorExtension rtm = RtmEmulatorExtension.create();

    @Test
    void runsOnTheVersionsSpringBoot357PinsNotOurs() {
        assertThat(Dependency.versionsOf(
                HTTPCLIENT5, HTTPCORE5, HTTPCORE5_H2,
                JACKSON_CORE, SLF4J_API, MICROMETER_CORE, JETTY_SERVER, JUNIT_JUPITER_API))
            .isEqualTo(Map.of(
                HTTPCLIENT5, "5.5.1",
                HTTPCORE5, "5.3.6",
                HTTPCORE5_H2, "5.3.6",
                JACKSON_CORE, "2.19.2",
                SLF4J_API, "2.0.17",
                MICROMETER_CORE, "1.15.5",
                JETTY_SERVER, "12.0.29",
                JUNIT_JUPITER_API, "5.12.2"));
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
