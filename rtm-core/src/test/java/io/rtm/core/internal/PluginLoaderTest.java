package io.rtm.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rtm.core.Credentials;
import io.rtm.core.error.RtmConfigurationException;
import io.rtm.core.spi.RateLimiterProvider;
import io.rtm.core.testsupport.Fixtures;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Plugin selection by ServiceLoader, with the services files of src/test/resources/plugin-fixtures. */
class PluginLoaderTest {

    private final Map<String, String> properties = new HashMap<>();
    private final Map<String, String> environment = new HashMap<>();

    private PluginLoader loader(String fixture) {
        return new PluginLoader(properties::get, environment::get, Fixtures.pluginFixture(fixture));
    }

    private PluginLoader noPlugins() {
        return new PluginLoader(properties::get, environment::get, Fixtures.noPlugins());
    }

    // --- transports ---

    @Test
    void choosesTheTransportWithTheHighestPriority() {
        assertThat(loader("transports").transport().name()).isEqualTo("high");
    }

    @Test
    void logsWhatItFoundAndWhatItChose() {
        java.io.PrintStream original = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            loader("transports").transport();
            properties.put("rtm.transport", "low");
            loader("transports").transport();
        } finally {
            System.setErr(original);
        }
        String log = captured.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(log).containsPattern("RTM transport: found \\[[^]]*high\\(priority \\d+\\)[^]]*]; using 'high' \\(highest priority; set -Drtm.transport / RTM_TRANSPORT to choose\\)");
        assertThat(log).contains("using 'low' as named by -Drtm.transport / RTM_TRANSPORT");
    }

    @Test
    void choosesTheTransportNamedBySystemProperty() {
        properties.put("rtm.transport", "low");
        assertThat(loader("transports").transport().name()).isEqualTo("low");
    }

    @Test
    void choosesTheTransportNamedByEnvironmentVariable() {
        environment.put("RTM_TRANSPORT", "low");
        assertThat(loader("transports").transport().name()).isEqualTo("low");
    }

    @Test
    void prefersTheSystemPropertyOverTheEnvironment() {
        properties.put("rtm.transport", "high");
        environment.put("RTM_TRANSPORT", "low");
        assertThat(loader("transports").transport().name()).isEqualTo("high");
    }

    @Test
    void ignoresABlankNameAndCaseAndSurroundingSpaces() {
        properties.put("rtm.transport", " ");
        environment.put("RTM_TRANSPORT", " LOW ");
        assertThat(loader("transports").transport().name()).isEqualTo("low");
    }

    @Test
    void listsWhatWasFoundWhenTheNamedTransportIsUnknown() {
        properties.put("rtm.transport", "nope");
        assertThatThrownBy(() -> loader("transports").transport()).isExactlyInstanceOf(RtmConfigurationException.class)
                .hasMessageContaining("'nope'").hasMessageContaining("-Drtm.transport / RTM_TRANSPORT")
                .hasMessageContaining("low(priority 10)").hasMessageContaining("high(priority 100)");
    }

    @Test
    void namesTheArtifactToAddWhenNoTransportIsFound() {
        assertThatThrownBy(() -> noPlugins().transport()).isExactlyInstanceOf(RtmConfigurationException.class)
                .hasMessageContaining("io.rtm.core.spi.TransportProvider").hasMessageContaining("io.rtm:rtm-transport-httpclient");
    }

    @Test
    void breaksAPriorityTieByName() {
        assertThat(loader("tied").transport().name()).isEqualTo("tie-a");
    }

    @Test
    void reportsABrokenServicesFileAsAConfigurationError() {
        assertThatThrownBy(() -> loader("broken").transport()).isExactlyInstanceOf(RtmConfigurationException.class)
                .hasMessageContaining("broken").hasMessageContaining("TransportProvider");
    }

    // --- authenticators ---

    @Test
    void choosesTheHighestPriorityAuthenticatorThatSupportsTheCredentials() {
        assertThat(loader("authenticators").authenticator(Credentials.basic("k", "secret")).name()).isEqualTo("basic-only");
        assertThat(loader("authenticators").authenticator(Credentials.token("alice", "tok")).name()).isEqualTo("token-only");
    }

    @Test
    void choosesANamedAuthenticatorThatSupportsTheCredentials() {
        environment.put("RTM_AUTHENTICATOR", "any");
        assertThat(loader("authenticators").authenticator(Credentials.basic("k", "secret")).name()).isEqualTo("any");
    }

    @Test
    void refusesANamedAuthenticatorThatDoesNotSupportTheCredentials() {
        properties.put("rtm.authenticator", "token-only");
        assertThatThrownBy(() -> loader("authenticators").authenticator(Credentials.basic("k", "secret")))
                .isExactlyInstanceOf(RtmConfigurationException.class).hasMessageContaining("'token-only'")
                .hasMessageContaining("supports").hasMessageContaining("scheme: basic");
    }

    @Test
    void refusesWhenNoAuthenticatorSupportsTheCredentialsListingThoseFound() {
        assertThatThrownBy(() -> loader("basic-auth-only").authenticator(Credentials.token("alice", "tok")))
                .isExactlyInstanceOf(RtmConfigurationException.class).hasMessageContaining("supports this configuration")
                .hasMessageContaining("basic-only(priority 100)").hasMessageContaining("scheme: token");
    }

    @Test
    void namesTheAuthArtifactWhenNoAuthenticatorIsFound() {
        assertThatThrownBy(() -> noPlugins().authenticator(Credentials.basic("k", "secret")))
                .isExactlyInstanceOf(RtmConfigurationException.class).hasMessageContaining("io.rtm:rtm-auth");
    }

    // --- validators ---

    @Test
    void choosesTheValidatorWithTheHighestPriority() {
        assertThat(loader("validators").validator().name()).isEqualTo("strict");
    }

    @Test
    void choosesTheValidatorNamedByEnvironmentVariable() {
        environment.put("RTM_VALIDATOR", "lenient");
        assertThat(loader("validators").validator().name()).isEqualTo("lenient");
    }

    @Test
    void namesTheValidationArtifactWhenNoValidatorIsFound() {
        assertThatThrownBy(() -> noPlugins().validator()).isExactlyInstanceOf(RtmConfigurationException.class)
                .hasMessageContaining("io.rtm:rtm-validation");
    }

    // --- rate limiters (optional: none configured means the local limiter) ---

    @Test
    void usesTheLocalLimiterWhenNoRateLimiterProviderIsConfigured() {
        assertThat(loader("rate-limiters").rateLimiter()).isEmpty();
        assertThat(noPlugins().rateLimiter()).isEmpty();
    }

    @Test
    void choosesTheConfiguredRateLimiterProviderWithTheHighestPriority() {
        environment.put("RTM_TEST_BACKUP", "on");
        assertThat(loader("rate-limiters").rateLimiter()).hasValueSatisfying(p -> assertThat(p.name()).isEqualTo("backup"));
        environment.put("RTM_TEST_FLEET_URL", "x://fleet");
        assertThat(loader("rate-limiters").rateLimiter()).hasValueSatisfying(p -> assertThat(p.name()).isEqualTo("fleet"));
    }

    @Test
    void choosesTheNamedRateLimiterProviderEvenWhenItIsNotConfigured() {
        environment.put("RTM_TEST_FLEET_URL", "x://fleet");
        properties.put("rtm.rate-limiter", "BACKUP");
        RateLimiterProvider chosen = loader("rate-limiters").rateLimiter().orElseThrow();

        assertThat(chosen.name()).isEqualTo("backup");
        // its create() names what is missing
        assertThatThrownBy(() -> chosen.create(loader("rate-limiters").settings()))
                .isExactlyInstanceOf(RtmConfigurationException.class).hasMessageContaining("-Drtm.test-backup / RTM_TEST_BACKUP");
    }

    @Test
    void theNameLocalChoosesTheLocalLimiterOverAConfiguredProvider() {
        environment.put("RTM_TEST_FLEET_URL", "x://fleet");
        environment.put("RTM_RATE_LIMITER", "local");
        assertThat(loader("rate-limiters").rateLimiter()).isEmpty();
    }

    @Test
    void listsTheRateLimiterProvidersFoundWhenTheNamedOneIsUnknown() {
        environment.put("RTM_RATE_LIMITER", "redis");
        assertThatThrownBy(() -> loader("rate-limiters").rateLimiter()).isExactlyInstanceOf(RtmConfigurationException.class)
                .hasMessageContaining("'redis'").hasMessageContaining("-Drtm.rate-limiter / RTM_RATE_LIMITER")
                .hasMessageContaining("fleet(priority 100)").hasMessageContaining("backup(priority 10)")
                .hasMessageContaining("'local' names the local limiter").hasMessageContaining("io.rtm:rtm-ratelimit-redis");
    }

    @Test
    void providerSettingsReadThePropertyElseItsEnvironmentVariableTrimmedAndIgnoringBlanks() {
        environment.put("RTM_TEST_FLEET_URL", " x://from-env ");
        assertThat(loader("rate-limiters").settings().get("rtm.test-fleet-url")).hasValue("x://from-env");
        properties.put("rtm.test-fleet-url", "x://from-property");
        assertThat(loader("rate-limiters").settings().get("rtm.test-fleet-url")).hasValue("x://from-property");
        properties.put("rtm.test-fleet-url", "  ");
        assertThat(loader("rate-limiters").settings().get("rtm.test-fleet-url")).hasValue("x://from-env");
        environment.put("RTM_TEST_FLEET_URL", "");
        assertThat(loader("rate-limiters").settings().get("rtm.test-fleet-url")).isEmpty();
    }

    @Test
    void aSettingsEnvironmentVariableIsItsPropertyInUpperCaseWithUnderscores() {
        assertThat(RateLimiterProvider.Settings.environmentVariable("rtm.redis-url")).isEqualTo("RTM_REDIS_URL");
        assertThat(RateLimiterProvider.Settings.environmentVariable("rtm.redis-fleet-size")).isEqualTo("RTM_REDIS_FLEET_SIZE");
        assertThat(RateLimiterProvider.Settings.describe("rtm.rate-limiter")).isEqualTo("-Drtm.rate-limiter / RTM_RATE_LIMITER");
    }

    @Test
    void theDefaultLoaderSeesNoTestPluginSoOtherTestsAreUnaffected() {
        assertThatThrownBy(() -> new PluginLoader().transport()).isExactlyInstanceOf(RtmConfigurationException.class);
    }
}
