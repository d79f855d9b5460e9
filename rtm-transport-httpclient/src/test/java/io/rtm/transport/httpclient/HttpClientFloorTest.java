package io.rtm.transport.httpclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.Test;

/**
 * The version floor on the versions this build runs with (the floor table and the run below 5.2 are in the module's
 * README notes: {@code -Dhttpclient5.version=... -Dhttpcore5.version=...}).
 */
class HttpClientFloorTest {

    @Test
    void theVersionsOnTheClassPathAreSupportedAndNamedByTheirJars() {
        assertThatCode(HttpClientFloor::requireSupported).doesNotThrowAnyException();
        assertThat(HttpClientFloor.version("org.apache.hc.client5")).matches("5\\.\\d+(\\.\\d+)?.*");
        assertThat(HttpClientFloor.version("org.apache.hc.core5")).matches("5\\.\\d+(\\.\\d+)?.*");
    }

    @Test
    void anUnknownModuleIsReportedAsUnknownRatherThanFailing() {
        assertThat(HttpClientFloor.version("org.example.nothing")).isEqualTo("unknown");
    }
}
