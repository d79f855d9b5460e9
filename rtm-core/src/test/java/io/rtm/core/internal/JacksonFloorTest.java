package io.rtm.core.internal;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.Version;
import io.rtm.core.error.RtmConfigurationException;
import org.junit.jupiter.api.Test;

class JacksonFloorTest {

    private static Version v(int major, int minor, int patch) {
        return new Version(major, minor, patch, null, "com.fasterxml.jackson.core", "jackson-core");
    }

    @Test
    void acceptsTheMinimumAndLaterAndAnUnknownVersion() {
        assertThatCode(() -> JacksonFloor.check(v(2, 18, 0))).doesNotThrowAnyException();
        assertThatCode(() -> JacksonFloor.check(v(2, 20, 1))).doesNotThrowAnyException();
        assertThatCode(() -> JacksonFloor.check(Version.unknownVersion())).doesNotThrowAnyException();
    }

    @Test
    void refusesAnOlderJacksonCoreNamingItAndTheMinimum() {
        assertThatThrownBy(() -> JacksonFloor.check(v(2, 17, 9))).isExactlyInstanceOf(RtmConfigurationException.class)
                .hasMessageContaining("com.fasterxml.jackson.core:jackson-core 2.18.0 or later")
                .hasMessageContaining("but 2.17.9 is on the class path");
    }
}
