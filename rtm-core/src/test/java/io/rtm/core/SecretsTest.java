package io.rtm.core;

import static io.rtm.core.testsupport.Fixtures.builder;
import static io.rtm.core.testsupport.Fixtures.failureOf;
import static io.rtm.core.testsupport.Fixtures.peer;
import static org.assertj.core.api.Assertions.assertThat;

import io.rtm.core.error.RtmAuthenticationException;
import io.rtm.core.spi.HttpHeaders;
import io.rtm.core.spi.HttpRequest;
import io.rtm.core.spi.HttpResponse;
import io.rtm.core.testsupport.ScriptedTransport;
import io.rtm.core.testsupport.TestAuthenticator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Secrets never appear in toString() or in an exception's message. */
class SecretsTest {

    private static final String SECRET = "api-secret-0f9e8d7c6b5a";
    private static final String TOKEN = "006a1b2c3d4e5f-token-value";

    @Test
    void basicCredentialsShowTheKeyButNotTheSecret() {
        assertThat(Credentials.basic("key-1", SECRET).toString()).contains("key-1").doesNotContain(SECRET).contains("<redacted>");
    }

    @Test
    void tokenCredentialsShowTheUidButNotTheToken() {
        assertThat(Credentials.token("alice", TOKEN).toString()).contains("alice").doesNotContain(TOKEN);
    }

    @Test
    void aFixedTokenSupplierDoesNotShowItsToken() {
        TokenSupplier tokens = TokenSupplier.of(TOKEN);
        assertThat(tokens.toString()).doesNotContain(TOKEN);
        assertThat(tokens.token().toCompletableFuture().join()).isEqualTo(TOKEN);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Authorization", "authorization", "x-ar-token", "X-AR-TOKEN", "Proxy-Authorization", "Cookie", "Set-Cookie"})
    void headersRedactCredentialValues(String name) {
        HttpHeaders headers = HttpHeaders.empty().with(name, TOKEN).with("x-ar-uid", "alice");
        assertThat(headers.toString()).doesNotContain(TOKEN).contains(name + ": <redacted>").contains("x-ar-uid: alice");
        assertThat(headers.asList().get(0).toString()).doesNotContain(TOKEN);
    }

    @Test
    void requestsShowNeitherCredentialsNorTheBody() {
        HttpRequest request = HttpRequest.builder().method("POST").uri(URI.create("https://h/dev/v2/project/a/rtm/users/u/peer_messages"))
                .header("Authorization", "Basic " + SECRET).header("x-ar-token", TOKEN)
                .body("{\"payload\":\"private words\"}".getBytes(StandardCharsets.UTF_8)).build();
        assertThat(request.toString()).doesNotContain(SECRET).doesNotContain(TOKEN).doesNotContain("private words")
                .contains("POST /dev/v2/project/a/rtm/users/u/peer_messages").contains("27 bytes");
    }

    @Test
    void responsesShowNeitherCookiesNorTheBody() {
        HttpResponse response = HttpResponse.of(200, HttpHeaders.empty().with("Set-Cookie", "session=" + TOKEN), "private body");
        assertThat(response.toString()).doesNotContain(TOKEN).doesNotContain("private body");
    }

    @Test
    void messagesShowThePayloadOnlyByItsLength() {
        assertThat(PeerMessage.builder().from("a").to("b").payload("private words").build().toString()).doesNotContain("private");
        assertThat(ChannelMessage.builder().from("a").channel("c").payload("private words").build().toString()).doesNotContain("private");
    }

    @Test
    void anAuthenticationErrorDoesNotRepeatAnEchoedAuthorizationHeaderOrSecret() {
        String echo = "{\"result\":\"failed\",\"code\":\"invalid_credentials\",\"request_id\":\"r1\",\"message\":\"rejected "
                + TestAuthenticator.AUTHORIZATION + " (secret " + TestAuthenticator.API_SECRET + ")\"}";
        ScriptedTransport transport = new ScriptedTransport().respond(401, echo);
        Throwable failure;
        try (RtmAsyncClient c = builder(transport).buildAsync()) {
            failure = failureOf(c.sendPeer(peer()));
        }
        assertThat(failure).isExactlyInstanceOf(RtmAuthenticationException.class);
        String base64 = TestAuthenticator.AUTHORIZATION.substring("Basic ".length());
        for (String shown : List.of(failure.getMessage(), failure.toString(), stackTrace(failure))) {
            assertThat(shown).doesNotContain(base64).doesNotContain(TestAuthenticator.API_SECRET).contains("HTTP 401");
        }
    }

    @Test
    void anAuthenticationErrorDoesNotRepeatAnEchoedToken() {
        io.rtm.core.spi.Authenticator tokenHeaders = (request, call) -> java.util.concurrent.CompletableFuture.completedFuture(
                request.withHeader("x-ar-token", TOKEN).withHeader("x-ar-uid", "alice"));
        ScriptedTransport transport = new ScriptedTransport().respond(401, "<html>token " + TOKEN + " expired</html>");
        Throwable failure;
        try (RtmAsyncClient c = builder(transport).authenticator(tokenHeaders).buildAsync()) {
            failure = failureOf(c.sendPeer(peer()));
        }
        assertThat(failure.getMessage()).doesNotContain(TOKEN).contains("token <redacted> expired");
    }

    private static String stackTrace(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
