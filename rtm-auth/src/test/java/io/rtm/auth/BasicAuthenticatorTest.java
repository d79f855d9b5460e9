package io.rtm.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.rtm.core.Credentials;
import io.rtm.core.spi.HttpRequest;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class BasicAuthenticatorTest {

    @Test
    void setsAuthorizationToBasicBase64OfKeyColonSecret() {
        BasicAuthenticator auth = new BasicAuthenticator(Credentials.basic("user", "pass"));

        HttpRequest out = auth.authenticate(Requests.peerMessage("alice"), Requests.call("alice")).join();

        // base64("user:pass"), worked out by hand
        assertThat(out.headers().allValues("Authorization")).containsExactly("Basic dXNlcjpwYXNz");
    }

    @Test
    void encodesANonAsciiSecretAsUtf8() {
        BasicAuthenticator auth = new BasicAuthenticator(Credentials.basic("key", "pässwörd€"));

        HttpRequest out = auth.authenticate(Requests.peerMessage("alice"), Requests.call("alice")).join();

        // UTF-8 of "key:pässwörd€" is 6b 65 79 3a 70 c3 a4 73 73 77 c3 b6 72 64 e2 82 ac (ISO-8859-1 would give a2V5OnDkc3N39nJkPw==)
        assertThat(out.headers().firstValue("authorization")).hasValue("Basic a2V5OnDDpHNzd8O2cmTigqw=");
    }

    @Test
    void completesAtOnceWithTheRestOfTheRequestUnchanged() {
        BasicAuthenticator auth = new BasicAuthenticator(Credentials.basic("a1b2c3", "s3cr3t"));
        HttpRequest in = Requests.peerMessage("alice");

        CompletableFuture<HttpRequest> future = auth.authenticate(in, Requests.call("alice"));

        assertThat(future).isCompleted();
        HttpRequest out = future.join();
        assertThat(out.method()).isEqualTo(in.method());
        assertThat(out.uri()).isEqualTo(in.uri());
        assertThat(out.body()).isEqualTo(in.body());
        assertThat(out.headers().without("Authorization")).isEqualTo(in.headers());
        assertThat(out.headers().firstValue("Authorization")).hasValue("Basic YTFiMmMzOnMzY3IzdA==");
    }

    @Test
    void replacesAnExistingAuthorizationHeader() {
        BasicAuthenticator auth = new BasicAuthenticator(Credentials.basic("user", "pass"));
        HttpRequest in = Requests.peerMessage("alice").toBuilder().header("authorization", "Bearer stale").build();

        HttpRequest out = auth.authenticate(in, Requests.call("alice")).join();

        assertThat(out.headers().allValues("Authorization")).containsExactly("Basic dXNlcjpwYXNz");
    }

    @Test
    void mayBeUsedForAnySender() {
        BasicAuthenticator auth = new BasicAuthenticator(Credentials.basic("user", "pass"));

        assertThatCode(() -> auth.checkSender("anyone at all")).doesNotThrowAnyException();
        assertThat(auth.onUnauthorized(Requests.peerMessage("x"), Requests.unauthorized())).isFalse();
    }

    @Test
    void toStringShowsTheApiKeyOnly() {
        BasicAuthenticator auth = new BasicAuthenticator(Credentials.basic("a1b2c3", "s3cr3t"));

        assertThat(auth.toString()).isEqualTo("BasicAuthenticator{apiKey='a1b2c3'}");
    }
}
