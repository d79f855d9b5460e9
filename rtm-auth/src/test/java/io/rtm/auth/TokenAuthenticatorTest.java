package io.rtm.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rtm.core.Credentials;
import io.rtm.core.TokenSupplier;
import io.rtm.core.error.RtmCredentialsException;
import io.rtm.core.spi.HttpRequest;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TokenAuthenticatorTest {

    static final String TOKEN = "006secret-token-value";

    @Test
    void setsTokenAndUidHeaders() {
        TokenAuthenticator auth = new TokenAuthenticator(Credentials.token("alice", TOKEN));

        HttpRequest out = auth.authenticate(Requests.peerMessage("alice"), Requests.call("alice")).join();

        assertThat(out.headers().allValues("x-ar-token")).containsExactly(TOKEN);
        assertThat(out.headers().allValues("x-ar-uid")).containsExactly("alice");
        assertThat(out.headers().contains("Authorization")).isFalse();
    }

    @Test
    void replacesExistingTokenHeaders() {
        TokenAuthenticator auth = new TokenAuthenticator(Credentials.token("alice", TOKEN));
        HttpRequest in = Requests.peerMessage("alice").toBuilder()
                .header("X-AR-Token", "stale").header("x-ar-uid", "mallory").header("x-ar-token", "stale2").build();

        HttpRequest out = auth.authenticate(in, Requests.call("alice")).join();

        assertThat(out.headers().allValues("x-ar-token")).containsExactly(TOKEN);
        assertThat(out.headers().allValues("x-ar-uid")).containsExactly("alice");
        assertThat(out.headers().allValues("Content-Type")).containsExactly("application/json;charset=utf-8");
    }

    @Test
    void checkSenderAcceptsTheTokensUid() {
        TokenAuthenticator auth = new TokenAuthenticator(Credentials.token("alice", TOKEN));

        auth.checkSender("alice");
    }

    @Test
    void checkSenderRejectsAnotherUserWithUidMismatchBeforeAnythingIsFetched() {
        CountingSupplier tokens = new CountingSupplier();
        TokenAuthenticator auth = new TokenAuthenticator(Credentials.token("alice", tokens));

        assertThatThrownBy(() -> auth.checkSender("bob"))
                .isInstanceOfSatisfying(RtmCredentialsException.class, e -> {
                    assertThat(e.code()).hasValue("uid_mismatch");
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.httpStatus()).isZero();
                    assertThat(e.attempts()).isZero();
                    assertThat(e.getMessage()).startsWith("token credentials may send only as their uid 'alice', not as 'bob'");
                });
        assertThat(tokens.calls).hasValue(0);
    }

    @Test
    void authenticateFailsForAnotherSenderInTheCallWithoutAskingForAToken() {
        CountingSupplier tokens = new CountingSupplier();
        TokenAuthenticator auth = new TokenAuthenticator(Credentials.token("alice", tokens));

        CompletableFuture<HttpRequest> f = auth.authenticate(Requests.peerMessage("bob"), Requests.call("bob"));

        assertThat(f).isCompletedExceptionally();
        assertThat(causeOf(f)).isInstanceOfSatisfying(RtmCredentialsException.class,
                e -> assertThat(e.code()).hasValue("uid_mismatch"));
        assertThat(tokens.calls).hasValue(0);
    }

    @Test
    void anOperationWithoutAUserIsAuthenticatedWithTheTokensUid() {
        // history and events calls act as no user: any uid may read them with a valid token (SPEC-HISTORY-EVENTS, 8)
        TokenAuthenticator auth = new TokenAuthenticator(Credentials.token("alice", TOKEN));
        io.rtm.core.spi.CallContext noUser = io.rtm.core.spi.CallContext.builder(io.rtm.core.Operation.SEND_PEER, Requests.APP_ID)
                .attempt(1).build();

        HttpRequest r = auth.authenticate(Requests.peerMessage("alice"), noUser).join();

        assertThat(r.headers().firstValue("x-ar-token")).hasValue(TOKEN);
        assertThat(r.headers().firstValue("x-ar-uid")).hasValue("alice");
    }

    @Test
    void waitsForAnAsynchronousTokenWithoutBlocking() {
        CompletableFuture<String> pending = new CompletableFuture<>();
        TokenAuthenticator auth = new TokenAuthenticator(Credentials.token("alice", () -> pending));

        CompletableFuture<HttpRequest> f = auth.authenticate(Requests.peerMessage("alice"), Requests.call("alice"));

        assertThat(f).isNotDone();
        pending.complete(TOKEN);
        assertThat(f).isCompleted();
        assertThat(f.join().headers().firstValue("x-ar-token")).hasValue(TOKEN);
    }

    @Test
    void supplierFailureFailsWithTokenUnavailableKeepingTheCause() {
        IllegalStateException boom = new IllegalStateException("token service down");
        TokenAuthenticator auth = new TokenAuthenticator(Credentials.token("alice", () -> CompletableFuture.failedFuture(boom)));

        CompletableFuture<HttpRequest> f = auth.authenticate(Requests.peerMessage("alice"), Requests.call("alice"));

        assertThat(causeOf(f)).isInstanceOfSatisfying(RtmCredentialsException.class, e -> {
            assertThat(e.code()).hasValue("token_unavailable");
            assertThat(e.retryable()).isTrue();
            assertThat(e.httpStatus()).isZero();
            assertThat(e.attempts()).isZero();
            assertThat(e.getCause()).isSameAs(boom);
            assertThat(e.getMessage()).startsWith("could not obtain an RTM token for uid 'alice'");
        });
    }

    @Test
    void supplierFailureWrappedInCompletionExceptionKeepsTheOriginalCause() {
        IllegalStateException boom = new IllegalStateException("down");
        TokenAuthenticator auth = new TokenAuthenticator(Credentials.token("alice",
                () -> CompletableFuture.<String>failedFuture(boom).thenApply(s -> s)));

        CompletableFuture<HttpRequest> f = auth.authenticate(Requests.peerMessage("alice"), Requests.call("alice"));

        assertThat(causeOf(f).getCause()).isSameAs(boom);
    }

    @Test
    void supplierThrowingFailsTheFutureInsteadOfThrowing() {
        IllegalStateException boom = new IllegalStateException("thrown");
        TokenAuthenticator auth = new TokenAuthenticator(Credentials.token("alice", () -> {
            throw boom;
        }));

        CompletableFuture<HttpRequest> f = auth.authenticate(Requests.peerMessage("alice"), Requests.call("alice"));

        assertThat(causeOf(f)).isInstanceOfSatisfying(RtmCredentialsException.class, e -> {
            assertThat(e.code()).hasValue("token_unavailable");
            assertThat(e.getCause()).isSameAs(boom);
        });
    }

    @Test
    void nullOrEmptyTokenFailsWithTokenUnavailable() {
        for (TokenSupplier s : List.<TokenSupplier>of(() -> CompletableFuture.completedFuture(null),
                () -> CompletableFuture.completedFuture(""), () -> null)) {
            TokenAuthenticator auth = new TokenAuthenticator(Credentials.token("alice", s));

            CompletableFuture<HttpRequest> f = auth.authenticate(Requests.peerMessage("alice"), Requests.call("alice"));

            assertThat(causeOf(f)).isInstanceOfSatisfying(RtmCredentialsException.class,
                    e -> assertThat(e.code()).hasValue("token_unavailable"));
        }
    }

    @Test
    void tokenWithALineBreakFailsWithTokenUnavailableWithoutQuotingIt() {
        String bad = "006abc\r\nX-Evil: 1";
        TokenAuthenticator auth = new TokenAuthenticator(Credentials.token("alice", bad));

        CompletableFuture<HttpRequest> f = auth.authenticate(Requests.peerMessage("alice"), Requests.call("alice"));

        assertThat(causeOf(f)).isInstanceOfSatisfying(RtmCredentialsException.class, e -> {
            assertThat(e.code()).hasValue("token_unavailable");
            assertThat(e.getMessage()).doesNotContain("006abc");
        });
    }

    @Test
    void onUnauthorizedWithAFixedTokenInvalidatesNothingUsefulAndSaysNoRetry() {
        TokenAuthenticator auth = new TokenAuthenticator(Credentials.token("alice", TOKEN));
        HttpRequest sent = auth.authenticate(Requests.peerMessage("alice"), Requests.call("alice")).join();

        assertThat(auth.onUnauthorized(sent, Requests.unauthorized())).isFalse();
    }

    @Test
    void onUnauthorizedInvalidatesExactlyTheTokenThatWasSent() {
        List<String> invalidated = new CopyOnWriteArrayList<>();
        RefreshableTokenSupplier tokens = new RefreshableTokenSupplier() {
            @Override
            public CompletionStage<String> token() {
                return CompletableFuture.completedFuture("current");
            }

            @Override
            public void invalidate(String rejectedToken) {
                invalidated.add(rejectedToken);
            }
        };
        TokenAuthenticator auth = new TokenAuthenticator(Credentials.token("alice", tokens));
        HttpRequest sent = Requests.peerMessage("alice").withHeader("x-ar-token", "the-one-sent");

        assertThat(auth.onUnauthorized(sent, Requests.unauthorized())).isTrue();
        assertThat(invalidated).containsExactly("the-one-sent");
    }

    @Test
    void onUnauthorizedWithARefreshingSupplierRetriesWithANewToken() {
        AtomicInteger fetches = new AtomicInteger();
        RefreshingTokenSupplier tokens = RefreshingTokenSupplier.builder(() -> CompletableFuture.completedFuture(
                        new IssuedToken("t" + fetches.incrementAndGet(), Instant.parse("2030-01-01T00:00:00Z"))))
                .clock(new MutableClock(Instant.parse("2029-01-01T00:00:00Z"))).build();
        TokenAuthenticator auth = new TokenAuthenticator(Credentials.token("alice", tokens));
        HttpRequest first = auth.authenticate(Requests.peerMessage("alice"), Requests.call("alice")).join();

        boolean retry = auth.onUnauthorized(first, Requests.unauthorized());
        HttpRequest second = auth.authenticate(Requests.peerMessage("alice"), Requests.call("alice")).join();

        assertThat(retry).isTrue();
        assertThat(first.headers().firstValue("x-ar-token")).hasValue("t1");
        assertThat(second.headers().firstValue("x-ar-token")).hasValue("t2");
        assertThat(fetches).hasValue(2);
    }

    @Test
    void onUnauthorizedWithoutATokenHeaderSaysNoRetry() {
        TokenAuthenticator auth = new TokenAuthenticator(Credentials.token("alice",
                RefreshingTokenSupplier.builder(() -> new CompletableFuture<>()).build()));

        assertThat(auth.onUnauthorized(Requests.peerMessage("alice"), Requests.unauthorized())).isFalse();
    }

    @Test
    void toStringShowsTheUidButNoToken() {
        TokenAuthenticator auth = new TokenAuthenticator(Credentials.token("alice", TOKEN));

        assertThat(auth.toString()).contains("alice").doesNotContain(TOKEN);
        assertThat(auth.uid()).isEqualTo("alice");
    }

    static Throwable causeOf(CompletableFuture<?> f) {
        assertThat(f).isCompletedExceptionally();
        try {
            f.join();
            throw new AssertionError("not failed");
        } catch (CompletionException e) {
            return e.getCause();
        }
    }

    static final class CountingSupplier implements TokenSupplier {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public CompletionStage<String> token() {
            calls.incrementAndGet();
            return CompletableFuture.completedFuture(TOKEN);
        }
    }
}
