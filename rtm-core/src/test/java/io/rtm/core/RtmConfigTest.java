package io.rtm.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rtm.core.error.RtmConfigurationException;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RtmConfigTest {

    private static RtmConfig config(String endpoint) {
        return RtmConfig.builder().appId("app1").endpoint(URI.create(endpoint)).build();
    }

    @Test
    void defaultsToThePublicHttpsEndpointAnd60SecondDeadline() {
        RtmConfig c = RtmConfig.builder().appId("app1").build();
        assertThat(c.endpoint()).isEqualTo(URI.create("https://api.agrtc.cn"));
        assertThat(c.callTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.appId()).isEqualTo("app1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  "})
    void requiresTheAppIdNamingTheOption(String appId) {
        assertThatThrownBy(() -> RtmConfig.builder().appId(appId).build())
                .isExactlyInstanceOf(RtmConfigurationException.class).hasMessageContaining("appId");
    }

    @Test
    void requiresTheAppIdWhenNeverSet() {
        assertThatThrownBy(() -> RtmConfig.builder().build()).isExactlyInstanceOf(RtmConfigurationException.class)
                .hasMessageContaining("appId is required");
    }

    @Test
    void refusesPlainHttpToANonLoopbackHost() {
        assertThatThrownBy(() -> config("http://example.com")).isExactlyInstanceOf(RtmConfigurationException.class)
                .hasMessageContaining("example.com").hasMessageContaining("allowInsecureHttp(true)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8080", "http://127.0.0.1", "http://localhost:9000", "http://LOCALHOST", "http://[::1]:8080", "http://127.1.2.3"})
    void allowsPlainHttpToLoopback(String endpoint) {
        assertThat(config(endpoint).endpoint()).isEqualTo(URI.create(endpoint));
    }

    @Test
    void allowsPlainHttpAnywhereWhenExplicitlyAllowed() {
        RtmConfig c = RtmConfig.builder().appId("app1").endpoint(URI.create("http://example.com")).allowInsecureHttp(true).build();
        assertThat(c.endpoint()).isEqualTo(URI.create("http://example.com"));
    }

    @Test
    void dropsTrailingSlashes() {
        assertThat(config("https://rtm.example.com/").endpoint()).isEqualTo(URI.create("https://rtm.example.com"));
        assertThat(config("https://rtm.example.com//").endpoint()).isEqualTo(URI.create("https://rtm.example.com"));
    }

    @Test
    void keepsAPathPrefix() {
        assertThat(config("https://gw.example.com/rtm/proxy/").endpoint()).isEqualTo(URI.create("https://gw.example.com/rtm/proxy"));
        assertThat(config("https://gw.example.com:8443/a%20b").endpoint().getRawPath()).isEqualTo("/a%20b");
    }

    @Test
    void lowerCasesTheScheme() {
        assertThat(config("HTTPS://rtm.example.com").endpoint()).isEqualTo(URI.create("https://rtm.example.com"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://rtm.example.com/?x=1", "https://rtm.example.com/#frag", "https://rtm.example.com?"})
    void refusesAQueryOrFragment(String endpoint) {
        assertThatThrownBy(() -> config(endpoint)).isExactlyInstanceOf(RtmConfigurationException.class)
                .hasMessageContaining("query, fragment");
    }

    @Test
    void refusesUserInfoWithoutEchoingIt() {
        assertThatThrownBy(() -> config("https://user:hunter2@rtm.example.com")).isExactlyInstanceOf(RtmConfigurationException.class)
                .hasMessageNotContaining("hunter2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://rtm.example.com", "rtm.example.com", "/relative", "mailto:x@example.com"})
    void refusesWhatIsNotAnAbsoluteHttpUri(String endpoint) {
        assertThatThrownBy(() -> config(endpoint)).isExactlyInstanceOf(RtmConfigurationException.class)
                .hasMessageContaining("endpoint");
    }

    @Test
    void refusesANonAbsoluteEndpointWithoutEchoingUserInfo() {
        assertThatThrownBy(() -> config("ftp://user:hunter2@rtm.example.com")).isExactlyInstanceOf(RtmConfigurationException.class)
                .hasMessageNotContaining("hunter2");
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1})
    void refusesANonPositiveCallTimeout(long millis) {
        assertThatThrownBy(() -> RtmConfig.builder().callTimeout(Duration.ofMillis(millis)))
                .isExactlyInstanceOf(RtmConfigurationException.class).hasMessageContaining("callTimeout");
    }
}
