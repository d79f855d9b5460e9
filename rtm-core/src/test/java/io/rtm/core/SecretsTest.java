package io.rtm.core;

import static io.rtm.core.testsupport.Fixtures.builder;
import static io.rtm.core.testsupport.Fixtures.failureOf;
import static io.rtm.core.testsupport.Fixtures.peer;
import static org.assertj.core.api.Assertions.assertThat;

import io.rtm.core.error.RtmAuthenticationException;
import io.rtm.core.error.RtmException;
import io.rtm.core.error.RtmUnexpectedResponseException;
import io.rtm.core.history.HistoryFilter;
import io.rtm.core.spi.Chain;
import io.rtm.core.spi.HttpHeaders;
import io.rtm.core.spi.HttpRequest;
import io.rtm.core.spi.HttpResponse;
import io.rtm.core.spi.Interceptor;
import io.rtm.core.spi.Phase;
import io.rtm.core.spi.ServiceReply;
import io.rtm.core.testsupport.ScriptedTransport;
import io.rtm.core.testsupport.TestAuthenticator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.MDC;

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

    /** A hostile or broken server's 200 that puts the request's credentials where a reply's fields go. */
    private static final String ECHOED_IN_A_SUCCESS = "{\"result\":\"success " + TestAuthenticator.API_SECRET
            + "\",\"code\":\"message_sent " + TestAuthenticator.AUTHORIZATION.substring("Basic ".length())
            + "\",\"request_id\":\"" + TestAuthenticator.AUTHORIZATION + "\"}";

    @Test
    void aSuccessfulReplyThatEchoesTheCredentialsShowsThemNeitherInTheResultNorInTheMdc() {
        CompletableFuture<HttpResponse> reply = new CompletableFuture<>();
        ScriptedTransport transport = new ScriptedTransport().otherwise(r -> reply);
        ExecutorService io = Executors.newSingleThreadExecutor(r -> new Thread(r, "fake-io"));
        try (RtmAsyncClient c = builder(transport).buildAsync()) {
            // answered later, on another thread: the continuation runs in the call's log context
            CompletableFuture<Map<String, String>> mdc = c.sendPeer(peer()).thenApply(r -> MDC.getCopyOfContextMap());
            CompletableFuture<SendResult> result = c.sendPeer(peer());
            io.execute(() -> reply.complete(ScriptedTransport.response(200, ECHOED_IN_A_SUCCESS)));

            SendResult r = result.join();
            assertThat(r.deliveryCode()).isEqualTo(DeliveryCode.UNKNOWN); // "message_sent <redacted>" is not a known code
            assertThat(r.code()).isEqualTo("message_sent <redacted>");
            assertThat(r.requestId()).contains("<redacted>");
            assertThat(r.result()).contains("success <redacted>");
            assertThat(mdc).succeedsWithin(Duration.ofSeconds(5)).satisfies(m -> assertThat(m).containsEntry("rtm.request_id", "<redacted>"));
            assertThat(r.toString() + mdc.join()).doesNotContain(TestAuthenticator.API_SECRET)
                    .doesNotContain(TestAuthenticator.AUTHORIZATION.substring("Basic ".length()));
        } finally {
            io.shutdownNow();
        }
    }

    @Test
    void everyInterceptorAndRetryStrategyReadsTheRepliesOfTheCallScrubbed() {
        List<String> seen = new CopyOnWriteArrayList<>();
        Interceptor exchanges = recorder(Phase.PER_EXCHANGE, seen);
        Interceptor calls = recorder(Phase.PER_CALL, seen);
        ScriptedTransport transport = new ScriptedTransport()
                .respond(503, "{\"code\":\"busy " + TestAuthenticator.API_SECRET + "\",\"request_id\":\"" + TestAuthenticator.AUTHORIZATION + "\"}")
                .respond(200, ECHOED_IN_A_SUCCESS);
        try (RtmAsyncClient c = builder(transport).addInterceptor(exchanges).addInterceptor(calls)
                .retryStrategy(attempt -> {
                    seen.add("strategy " + attempt.reply().map(ServiceReply::toString).orElse("-"));
                    return attempt.attempt() == 1 ? io.rtm.core.spi.RetryDecision.retryAfter(Duration.ZERO)
                            : io.rtm.core.spi.RetryDecision.stop();
                }).buildAsync()) {
            assertThat(c.sendPeer(peer()).join().requestId()).contains("<redacted>");
        }
        assertThat(seen).hasSize(5).allSatisfy(line -> assertThat(line).contains("<redacted>")
                .doesNotContain(TestAuthenticator.API_SECRET).doesNotContain(TestAuthenticator.AUTHORIZATION.substring("Basic ".length())));
    }

    /** An interceptor that records the reply of each outcome it sees, as a span or an audit log would. */
    private static Interceptor recorder(Phase phase, List<String> seen) {
        return new Interceptor() {
            @Override
            public Phase phase() {
                return phase;
            }

            @Override
            public CompletableFuture<HttpResponse> intercept(Chain chain) {
                return chain.proceed(chain.request()).whenComplete((response, error) ->
                        seen.add(phase + " " + ServiceReply.of(response).toString() + " " + ServiceReply.of(response).result().orElse("")));
            }
        };
    }

    @Test
    void anUnreadableSuccessfulReplyToAReadDoesNotRepeatTheEchoedCredentialsInItsError() {
        ScriptedTransport transport = new ScriptedTransport().respond(200, "{\"code\":\"" + TestAuthenticator.API_SECRET
                + "\",\"request_id\":\"" + TestAuthenticator.AUTHORIZATION + "\"}"); // no "count"
        Throwable failure;
        try (RtmAsyncClient c = builder(transport).buildAsync()) {
            failure = failureOf(c.history().count(HistoryFilter.builder().source("alice")
                    .start(java.time.Instant.parse("2025-08-01T00:00:00Z")).end(java.time.Instant.parse("2025-08-01T01:00:00Z")).build()));
        }
        assertThat(failure).isExactlyInstanceOf(RtmUnexpectedResponseException.class);
        RtmException e = (RtmException) failure;
        assertThat(e.code()).contains("<redacted>");
        assertThat(e.requestId()).contains("<redacted>");
        assertThat(e.getMessage() + stackTrace(e)).doesNotContain(TestAuthenticator.API_SECRET)
                .doesNotContain(TestAuthenticator.AUTHORIZATION.substring("Basic ".length()));
    }

    private static String stackTrace(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
