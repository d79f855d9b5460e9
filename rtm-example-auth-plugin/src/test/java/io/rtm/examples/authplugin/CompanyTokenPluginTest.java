package io.rtm.examples.authplugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rtm.auth.RtmAuthenticatorProvider;
import io.rtm.core.ChannelMessage;
import io.rtm.core.Credentials;
import io.rtm.core.DeliveryCode;
import io.rtm.core.PeerMessage;
import io.rtm.core.RtmClient;
import io.rtm.core.SendResult;
import io.rtm.core.error.RtmAuthenticationException;
import io.rtm.core.error.RtmCredentialsException;
import io.rtm.core.spi.AuthenticatorProvider;
import io.rtm.emulator.AppStats;
import io.rtm.emulator.MutableClock;
import io.rtm.emulator.junit.RtmEmulatorExtension;
import io.rtm.examples.authplugin.FakeTokenService.Answer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The company-token plugin, discovered by ServiceLoader, against the emulator and a token service on loopback. */
class CompanyTokenPluginTest {

    @RegisterExtension
    static RtmEmulatorExtension rtm = RtmEmulatorExtension.create();

    private FakeTokenService tokenService;

    @BeforeEach
    void startTokenService() {
        tokenService = FakeTokenService.start(rtm.app());
    }

    @AfterEach
    void stopTokenService() {
        tokenService.close();
    }

    private CompanyTokenCredentials alice() {
        return new CompanyTokenCredentials("alice", tokenService.uri());
    }

    /** A client for the emulator with company-token credentials: no authenticator named anywhere. */
    private RtmClient client() {
        return rtm.clientBuilder().credentials(alice()).build();
    }

    private static PeerMessage toBob(String payload) {
        return PeerMessage.builder().from("alice").to("bob").payload(payload).build();
    }

    private AppStats stats() {
        return rtm.emulator().stats(rtm.app().appId());
    }

    @Test
    void serviceLoaderListsTheProviderWhichSupportsOnlyCompanyTokenCredentials() {
        List<AuthenticatorProvider> providers = ServiceLoader.load(AuthenticatorProvider.class).stream()
                .map(ServiceLoader.Provider::get).collect(Collectors.toList());
        AuthenticatorProvider company = providers.stream().filter(p -> p.name().equals("company-token")).findFirst().orElseThrow();
        assertThat(company).isInstanceOf(CompanyTokenAuthenticatorProvider.class);
        assertThat(company.priority()).isEqualTo(100);
        assertThat(company.supports(alice())).isTrue();
        assertThat(company.supports(Credentials.basic("key", "secret"))).isFalse();
        assertThat(company.supports(Credentials.token("alice", "t"))).isFalse();
        // so the two plugins never compete: exactly one supports each kind of credentials
        assertThat(providers).filteredOn(p -> p.supports(alice())).containsExactly(company);
        assertThat(providers).filteredOn(p -> p.supports(Credentials.basic("key", "secret")))
                .singleElement().isInstanceOf(RtmAuthenticatorProvider.class);
    }

    @Test
    void deliversWithATokenFromTheCompanyServiceWithoutNamingTheAuthenticator() {
        rtm.connect("bob");
        SendResult result;
        try (RtmClient client = client()) {
            result = client.sendPeer(PeerMessage.builder().from("alice").to("bob").payload("order 17 shipped")
                    .waitForAck(true).build());
        }
        assertThat(result.deliveryCode()).isEqualTo(DeliveryCode.DELIVERED);
        assertThat(result.attempts()).isEqualTo(1);
        rtm.assertThatUser("bob").received().payloads().containsExactly("order 17 shipped");
        rtm.assertThatUser("bob").received().senders().containsExactly("alice");
        assertThat(tokenService.requestedUids()).containsExactly("alice");
    }

    @Test
    void fetchesOneTokenForManySends() {
        rtm.connect("bob", "lobby");
        try (RtmClient client = client()) {
            for (int i = 1; i <= 5; i++) {
                assertThat(client.sendPeer(toBob("m" + i)).attempts()).isEqualTo(1);
            }
            client.sendChannel(ChannelMessage.builder().from("alice").channel("lobby").payload("all").build());
        }
        rtm.assertThatUser("bob").received().payloads().containsExactly("m1", "m2", "m3", "m4", "m5", "all");
        assertThat(tokenService.fetches()).isEqualTo(1);
        assertThat(stats().status(200)).isEqualTo(6);
        assertThat(stats().status(401)).isZero();
    }

    @ParameterizedTest
    @EnumSource(value = Answer.class, names = {"WRONG_CERTIFICATE", "EXPIRED"})
    void aTokenTheServiceRejectsIsReplacedOnceAndTheMessageDelivered(Answer badToken) {
        tokenService.thenAnswer(badToken);
        rtm.connect("bob");
        SendResult result;
        try (RtmClient client = client()) {
            result = client.sendPeer(toBob("after refresh"));
        }
        assertThat(result.attempts()).isEqualTo(2);
        assertThat(result.deliveryCode()).isEqualTo(DeliveryCode.SENT);
        rtm.assertThatUser("bob").received().payloads().containsExactly("after refresh");
        assertThat(tokenService.fetches()).isEqualTo(2);
        assertThat(stats().status(401)).isEqualTo(1);
        assertThat(stats().status(200)).isEqualTo(1);
    }

    @Test
    void aFreshTokenRejectedAgainFailsTheCallAfterOneRefresh() {
        tokenService.thenAnswer(Answer.WRONG_CERTIFICATE, Answer.WRONG_CERTIFICATE);
        try (RtmClient client = client()) {
            assertThatThrownBy(() -> client.sendPeer(toBob("never")))
                    .isInstanceOfSatisfying(RtmAuthenticationException.class, e -> {
                        assertThat(e.httpStatus()).isEqualTo(401);
                        assertThat(e.code()).contains("invalid_token_signature");
                        assertThat(e.attempts()).isEqualTo(2);
                        assertThat(e.getSuppressed()).filteredOn(RtmAuthenticationException.class::isInstance)
                                .singleElement().extracting(t -> ((RtmAuthenticationException) t).attempts()).isEqualTo(1);
                    });
        }
        assertThat(tokenService.fetches()).isEqualTo(2);
        assertThat(stats().status(401)).isEqualTo(2);
        assertThat(stats().accepted()).isZero();
    }

    @Test
    void refusesAnotherSenderBeforeFetchingOrSending() {
        try (RtmClient client = client()) {
            assertThatThrownBy(() -> client.sendPeer(PeerMessage.builder().from("mallory").to("bob").payload("x").build()))
                    .isInstanceOfSatisfying(RtmCredentialsException.class, e -> {
                        assertThat(e.code()).contains("uid_mismatch");
                        assertThat(e.httpStatus()).isZero();
                        assertThat(e.attempts()).isZero();
                        assertThat(e.getMessage()).contains("'alice'", "'mallory'");
                    });
        }
        assertThat(tokenService.fetches()).isZero();
        assertThat(stats().requests()).isZero();
    }

    @ParameterizedTest
    @EnumSource(value = Answer.class, names = {"UNAVAILABLE", "GARBAGE"})
    void noTokenFromTheServiceFailsWithTokenUnavailableAndTheNextSendFetchesAgain(Answer failure) {
        tokenService.thenAnswer(failure);
        rtm.connect("bob");
        try (RtmClient client = client()) {
            assertThatThrownBy(() -> client.sendPeer(toBob("lost")))
                    .isInstanceOfSatisfying(RtmCredentialsException.class, e -> {
                        assertThat(e.code()).contains("token_unavailable");
                        assertThat(e.httpStatus()).isZero();
                        assertThat(e.getCause()).isInstanceOf(TokenServiceException.class);
                    });
            assertThat(stats().requests()).isZero();
            assertThat(client.sendPeer(toBob("next")).attempts()).isEqualTo(1);
        }
        rtm.assertThatUser("bob").received().payloads().containsExactly("next");
        assertThat(tokenService.fetches()).isEqualTo(2);
    }

    @Test
    void fetchesANewTokenWhenTheCachedOneNearsExpiry() {
        MutableClock clock = MutableClock.startingAt(Instant.now());
        rtm.connect("bob");
        try (CompanyTokenAuthenticator authenticator = new CompanyTokenAuthenticator(alice(), clock);
             RtmClient client = rtm.clientBuilder().authenticator(authenticator).build()) {
            client.sendPeer(toBob("1"));
            clock.advance(Duration.ofSeconds(3600 - 61)); // the service says the token lives 3600 s
            client.sendPeer(toBob("2"));
            assertThat(tokenService.fetches()).isEqualTo(1);
            clock.advance(Duration.ofSeconds(2)); // within 60 s of expiry: replaced before it is used again
            client.sendPeer(toBob("3"));
            assertThat(tokenService.fetches()).isEqualTo(2);
        }
        rtm.assertThatUser("bob").received().payloads().containsExactly("1", "2", "3");
        assertThat(stats().status(401)).isZero();
    }

    @Test
    void theTokenNeverAppearsInLogsToStringsOrErrorMessages() {
        List<String> printed = new ArrayList<>();
        String output;
        rtm.connect("bob");
        try (CapturedOutput out = new CapturedOutput()) {
            // a refresh after a 401; a 503 and a non-JSON answer that both quote a token; a token rejected twice
            tokenService.thenAnswer(Answer.WRONG_CERTIFICATE, Answer.VALID, Answer.UNAVAILABLE, Answer.GARBAGE,
                    Answer.EXPIRED, Answer.EXPIRED);
            for (int i = 0; i < 4; i++) {
                try (CompanyTokenAuthenticator authenticator = new CompanyTokenAuthenticator(alice());
                     RtmClient client = rtm.clientBuilder().authenticator(authenticator).build()) {
                    try {
                        printed.add(String.valueOf(client.sendPeer(toBob("message " + i))));
                    } catch (RuntimeException e) {
                        printed.add(stackTrace(e)); // messages of the exception, its causes and suppressed ones
                    }
                    printed.add(authenticator.toString()); // after a fetch
                    printed.add(client.toString());
                }
            }
            try (RtmClient discovered = client()) {
                printed.add(discovered.toString());
            }
            printed.add(alice().toString());
            output = out.text();
        }
        assertThat(tokenService.fetches()).isEqualTo(6);
        // two calls found no token (RtmCredentialsException), one was refused twice by the service (RtmAuthenticationException)
        assertThat(printed).filteredOn(p -> p.contains("RtmCredentialsException")).hasSize(2);
        assertThat(printed).filteredOn(p -> p.contains("RtmAuthenticationException")).hasSize(1);
        assertThat(output).contains("Fetched an RTM token"); // debug lines were captured: the scan below can fail
        String everything = output + String.join("\n", printed);
        List<String> tokens = tokenService.issuedTokens();
        assertThat(tokens).hasSize(6);
        for (String token : tokens) {
            assertThat(everything).doesNotContain(token);
            assertThat(everything).doesNotContain(token.substring(3, 40)); // nor a long piece of one
        }
    }

    private static String stackTrace(Throwable e) {
        StringWriter w = new StringWriter();
        e.printStackTrace(new PrintWriter(w));
        return w.toString();
    }
}
