package io.rtm.emulator.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtm.emulator.AckMode;
import io.rtm.emulator.EmulatorApp;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The extension in an instance field: a fresh emulator for every test, with the given options and app. */
class ExtensionInstanceTest {

    static final EmulatorApp APP = EmulatorApp.generate();
    static final Set<Integer> PORTS = new HashSet<>();

    @RegisterExtension
    RtmEmulatorExtension rtm = RtmEmulatorExtension.builder().app(APP)
            .options(b -> b.ackMode(AckMode.MANUAL).rateLimitPerSecond(7)).build();

    @RepeatedTest(2)
    void eachTestGetsItsOwnEmulator() {
        assertThat(PORTS.add(rtm.emulator().port())).as("a new server for each test").isTrue();
        assertThat(rtm.app()).isEqualTo(APP);
        assertThat(rtm.emulator().apps()).containsExactly(APP);
        assertThat(rtm.baseUri().getHost()).isEqualTo("127.0.0.1");
    }
}
