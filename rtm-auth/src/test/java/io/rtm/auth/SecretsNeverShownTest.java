package io.rtm.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtm.auth.token.RtmToken;
import io.rtm.auth.token.RtmTokenBuilder;
import io.rtm.auth.token.RtmTokenException;
import io.rtm.auth.token.RtmTokenVerifier;
import io.rtm.core.Credentials;
import io.rtm.core.TokenSupplier;
import io.rtm.core.spi.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Every toString and every exception message this module produces, checked for secrets in one place. */
class SecretsNeverShownTest {

    static final String API_SECRET = "S3cr3t-api-secret-value";
    static final String APP_ID = "0123456789abcdef0123456789abcdef";
    static final String CERT = "c0ffee00c0ffee00c0ffee00c0ffee00";
    static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

    @Test
    void noToStringOrMessageContainsASecret() {
        String token = RtmTokenBuilder.forAccount(APP_ID, CERT, "alice")
                .ts(NOW.getEpochSecond() + 60).loginExpireTs(NOW.getEpochSecond() + 30).build();
        String tokenContent = token.substring(35);
        String basicValue = Base64.getEncoder().encodeToString(("key:" + API_SECRET).getBytes(StandardCharsets.UTF_8));
        List<String> secrets = List.of(API_SECRET, CERT, token, tokenContent, tokenContent.substring(0, 20), basicValue);

        List<String> shown = new ArrayList<>();
        BasicAuthenticator basic = new BasicAuthenticator(Credentials.basic("key", API_SECRET));
        TokenAuthenticator tokenAuth = new TokenAuthenticator(Credentials.token("alice", token));
        MutableClock clock = new MutableClock(NOW);
        RefreshingTokenSupplier refreshing = RefreshingTokenSupplier.selfIssued(APP_ID, CERT, "alice", Duration.ofMinutes(5), clock);
        String minted = refreshing.token().toCompletableFuture().join();
        List<String> allSecrets = new ArrayList<>(secrets);
        allSecrets.add(minted);

        shown.add(basic.toString());
        shown.add(tokenAuth.toString());
        shown.add(refreshing.toString());
        shown.add(new IssuedToken(token, NOW).toString());
        shown.add(RtmToken.parse(token).toString());
        shown.add(RtmTokenBuilder.forAccount(APP_ID, CERT, "alice").toString());
        shown.add(new AuthModule(Credentials.basic("key", API_SECRET)).toString());
        shown.add(new AuthModule(Credentials.token("alice", token)).toString());
        HttpRequest sent = basic.authenticate(Requests.peerMessage("alice"), Requests.call("alice")).join();
        shown.add(sent.toString());
        shown.add(tokenAuth.authenticate(Requests.peerMessage("alice"), Requests.call("alice")).join().toString());

        // every exception this module raises, with the secrets in play
        shown.add(message(() -> tokenAuth.checkSender("bob")));
        shown.add(failure(() -> tokenAuth.authenticate(Requests.peerMessage("bob"), Requests.call("bob"))));
        TokenSupplier failing = () -> CompletableFuture.failedFuture(new IllegalStateException("down"));
        shown.add(failure(() -> new TokenAuthenticator(Credentials.token("alice", failing))
                .authenticate(Requests.peerMessage("alice"), Requests.call("alice"))));
        shown.add(failure(() -> new TokenAuthenticator(Credentials.token("alice", token + "\r\n"))
                .authenticate(Requests.peerMessage("alice"), Requests.call("alice"))));
        shown.add(message(() -> RtmTokenBuilder.forAccount(APP_ID, CERT.substring(1), "alice")));
        shown.add(message(() -> RtmTokenBuilder.forAccount(APP_ID, CERT.replace('c', 'x'), "alice")));
        shown.add(message(() -> RefreshingTokenSupplier.selfIssued(APP_ID, CERT + "0", "alice", Duration.ofMinutes(5), clock)));
        shown.add(message(() -> RtmTokenVerifier.verify(token, APP_ID, CERT.substring(2), "alice", NOW)));
        String otherCert = "00000000000000000000000000000000";
        List<Supplier<Object>> rejected = List.of(
                () -> RtmToken.parse(token.substring(0, token.length() - 4)),
                () -> RtmToken.parse(token + "AAAA"),
                () -> RtmToken.parse(token.replace('A', '-')),
                () -> RtmToken.parse("007" + token.substring(3)),
                () -> RtmTokenVerifier.verify(token, "1123456789abcdef0123456789abcdef", CERT, "alice", NOW),
                () -> RtmTokenVerifier.verify(token, APP_ID, otherCert, "alice", NOW),
                () -> RtmTokenVerifier.verify(token, APP_ID, CERT, "bob", NOW),
                () -> RtmTokenVerifier.verify(token, APP_ID, CERT, "alice", NOW.plusSeconds(45)),
                () -> RtmTokenVerifier.verify(token, APP_ID, CERT, "alice", NOW.plusSeconds(90)),
                () -> RtmTokenVerifier.verify(RtmTokenBuilder.forAccount(APP_ID, CERT, "alice").ts(NOW.getEpochSecond() + 60).build(),
                        APP_ID, CERT, "alice", NOW));
        List<RtmTokenException.Reason> reasons = new ArrayList<>();
        for (Supplier<Object> r : rejected) {
            try {
                r.get();
                throw new AssertionError("expected a rejection");
            } catch (RtmTokenException e) {
                reasons.add(e.reason());
                shown.add(e.getMessage());
                shown.add(e.toString());
            }
        }

        assertThat(reasons).as("every reason is exercised").containsAll(List.of(RtmTokenException.Reason.values()));
        assertThat(shown).hasSize(18 + 2 * rejected.size()).allSatisfy(s -> {
            assertThat(s).isNotBlank();
            for (String secret : allSecrets) {
                assertThat(s).doesNotContain(secret);
            }
        });
    }

    private static String message(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            return e.getMessage() + " | " + e;
        }
        throw new AssertionError("expected an exception");
    }

    private static String failure(Supplier<CompletableFuture<?>> f) {
        try {
            f.get().join();
        } catch (CompletionException e) {
            return e.getCause().getMessage() + " | " + e.getCause();
        }
        throw new AssertionError("expected a failed future");
    }
}
