package io.rtm.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rtm.core.error.RtmConfigurationException;
import io.rtm.core.testsupport.ScriptedTransport;
import io.rtm.core.testsupport.TestAuthenticator;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class FromEnvironmentTest {

    private final ScriptedTransport transport = new ScriptedTransport().respondSentForever();

    private static Properties props(String... kv) {
        Properties p = new Properties();
        for (int i = 0; i < kv.length; i += 2) {
            p.setProperty(kv[i], kv[i + 1]);
        }
        return p;
    }

    private static PeerMessage peer(String from) {
        return PeerMessage.builder().from(from).to("bob").payload("x").build();
    }

    @Test
    void readsEndpointAppIdAndBasicCredentialsFromTheEnvironment() {
        Map<String, String> env = Map.of("RTM_ENDPOINT", "http://127.0.0.1:9", "RTM_APP_ID", "app-env",
                "RTM_API_KEY", "k", "RTM_API_SECRET", "s");
        try (RtmClient c = Rtm.builder().fromEnvironment(env, new Properties()).transport(transport)
                .validator(io.rtm.core.testsupport.TestValidator.acceptAll()).authenticator(TestAuthenticator.basic()).build()) {
            c.sendPeer(peer("alice"));
        }
        assertThat(transport.request(0).uri().toString()).isEqualTo("http://127.0.0.1:9/dev/v2/project/app-env/rtm/users/alice/peer_messages");
    }

    @Test
    void systemPropertiesWinOverTheEnvironmentAndLaterBuilderCallsWinOverBoth() {
        Map<String, String> env = Map.of("RTM_ENDPOINT", "http://127.0.0.1:9", "RTM_APP_ID", "app-env");
        try (RtmClient c = Rtm.builder().fromEnvironment(env, props("rtm.app-id", "app-prop")).transport(transport)
                .validator(io.rtm.core.testsupport.TestValidator.acceptAll()).authenticator(TestAuthenticator.basic()).build()) {
            c.sendPeer(peer("alice"));
        }
        assertThat(transport.request(0).uri().getRawPath()).contains("/project/app-prop/");
        try (RtmClient c = Rtm.builder().fromEnvironment(env, new Properties()).appId("app-code").transport(transport)
                .validator(io.rtm.core.testsupport.TestValidator.acceptAll()).authenticator(TestAuthenticator.basic()).build()) {
            c.sendPeer(peer("alice"));
        }
        assertThat(transport.request(1).uri().getRawPath()).contains("/project/app-code/");
    }

    @Test
    void halfACredentialPairIsAConfigurationErrorNamingBothVariables() {
        assertThatThrownBy(() -> Rtm.builder().fromEnvironment(Map.of("RTM_API_KEY", "k"), new Properties()))
                .isInstanceOf(RtmConfigurationException.class).hasMessageContaining("RTM_API_KEY").hasMessageContaining("RTM_API_SECRET");
        assertThatThrownBy(() -> Rtm.builder().fromEnvironment(Map.of("RTM_UID", "alice"), new Properties()))
                .isInstanceOf(RtmConfigurationException.class).hasMessageContaining("RTM_TOKEN");
    }

    @Test
    void bothKindsOfCredentialsAreRefused() {
        assertThatThrownBy(() -> Rtm.builder().fromEnvironment(Map.of("RTM_API_KEY", "k", "RTM_API_SECRET", "s",
                "RTM_TOKEN", "t", "RTM_UID", "u"), new Properties())).isInstanceOf(RtmConfigurationException.class);
    }

    @Test
    void badNumbersNameTheVariableAndNeverEchoSecrets() {
        assertThatThrownBy(() -> Rtm.builder().fromEnvironment(Map.of("RTM_MAX_ATTEMPTS", "zero", "RTM_API_KEY", "k",
                "RTM_API_SECRET", "SECRET-VALUE"), new Properties()))
                .isInstanceOf(RtmConfigurationException.class).hasMessageContaining("RTM_MAX_ATTEMPTS")
                .hasMessageNotContaining("SECRET-VALUE");
    }

    @Test
    void tokenCredentialsFromTheEnvironmentRestrictTheSender() {
        Map<String, String> env = Map.of("RTM_ENDPOINT", "http://127.0.0.1:9", "RTM_APP_ID", "a", "RTM_TOKEN", "tok", "RTM_UID", "alice");
        RtmBuilder b = Rtm.builder().fromEnvironment(env, new Properties());
        assertThat(b).isNotNull();
    }
}
