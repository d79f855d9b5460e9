package io.rtm.examples.authplugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CompanyTokenCredentialsTest {

    private static final URI SERVICE = URI.create("https://tokens.example.com/rtm");

    @Test
    void hasTheCompanyTokenSchemeAndTheDefaultTimeout() {
        CompanyTokenCredentials c = new CompanyTokenCredentials("alice", SERVICE);
        assertThat(c.scheme()).isEqualTo("company-token");
        assertThat(c.uid()).isEqualTo("alice");
        assertThat(c.tokenService()).isEqualTo(SERVICE);
        assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c).isEqualTo(new CompanyTokenCredentials("alice", SERVICE, Duration.ofSeconds(5)));
    }

    @Test
    void rejectsAnEmptyUid() {
        assertThatThrownBy(() -> new CompanyTokenCredentials("", SERVICE))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("uid must not be empty");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://tokens.example.com/rtm", "http://10.0.0.1/rtm"})
    void rejectsPlainHttpToAHostThatIsNotLoopback(String uri) {
        assertThatThrownBy(() -> new CompanyTokenCredentials("alice", URI.create(uri)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tokenService must use https (plain http only to a loopback host): tokens are secrets");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8080/rtm", "http://localhost/rtm", "http://[::1]:9/rtm", "https://tokens.example.com"})
    void acceptsHttpsAndPlainHttpToLoopback(String uri) {
        assertThat(new CompanyTokenCredentials("alice", URI.create(uri)).tokenService()).isEqualTo(URI.create(uri));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/rtm", "ftp://tokens.example.com/rtm", "mailto:tokens@example.com"})
    void rejectsAUriThatIsNotAbsoluteHttp(String uri) {
        assertThatThrownBy(() -> new CompanyTokenCredentials("alice", URI.create(uri)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tokenService must be an absolute http(s) URI with a host");
    }

    @Test
    void rejectsUserInfoWithoutQuotingIt() {
        assertThatThrownBy(() -> new CompanyTokenCredentials("alice", URI.create("https://svc:hunter2@tokens.example.com/rtm")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tokenService must not contain user info");
    }

    @Test
    void rejectsATimeoutThatIsNotPositive() {
        assertThatThrownBy(() -> new CompanyTokenCredentials("alice", SERVICE, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("timeout must be positive, got PT0S");
    }

    @Test
    void toStringLeavesOutTheQuery() {
        CompanyTokenCredentials c = new CompanyTokenCredentials("alice",
                URI.create("https://tokens.example.com:8443/rtm?key=s3cr3t"));
        assertThat(c.toString()).isEqualTo(
                "CompanyTokenCredentials{uid='alice', tokenService=https://tokens.example.com:8443/rtm?…, timeout=PT5S}");
    }
}
