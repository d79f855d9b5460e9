package io.rtm.examples.authplugin;

import io.rtm.auth.RefreshingTokenSupplier;
import io.rtm.auth.TokenAuthenticator;
import io.rtm.core.error.RtmCredentialsException;
import io.rtm.core.spi.Authenticator;
import io.rtm.core.spi.CallContext;
import io.rtm.core.spi.HttpRequest;
import io.rtm.core.spi.HttpResponse;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Token authentication with RTM tokens from the company token service (see {@link CompanyTokenCredentials}).
 *
 * <ul>
 *   <li>{@link #checkSender}: these credentials send only as their uid; any other sender fails before anything
 *       is sent, with code {@code uid_mismatch}.</li>
 *   <li>{@link #authenticate}: sets {@code x-ar-token} and {@code x-ar-uid}. The token is fetched from the service
 *       on first use and cached by rtm-auth's {@link RefreshingTokenSupplier}: concurrent callers share one
 *       fetch, and a new token is fetched 60 s before expiry (or halfway through a shorter life).</li>
 *   <li>{@link #onUnauthorized}: an HTTP 401 invalidates the token that was sent and asks for one more attempt,
 *       which fetches a fresh token (the pipeline allows this once per call).</li>
 * </ul>
 *
 * <p>Never blocks: a call waiting for a token continues on the token-service client's thread. Thread-safe.
 * The token never appears in a log line, {@link #toString()} or an exception message. {@link #close()} stops the
 * token-service client's threads; an authenticator the SDK discovered is not closed by the RTM client (its idle
 * threads end by themselves after 30 s).
 */
public final class CompanyTokenAuthenticator implements Authenticator, AutoCloseable {

    private final String uid;
    private final TokenServiceClient service;
    private final RefreshingTokenSupplier tokens;

    /** An authenticator for these credentials; nothing is fetched before the first send. */
    public CompanyTokenAuthenticator(CompanyTokenCredentials credentials) {
        this(credentials, Clock.systemUTC());
    }

    /** As above, judging token expiry by {@code clock} (tests). */
    CompanyTokenAuthenticator(CompanyTokenCredentials credentials, Clock clock) {
        Objects.requireNonNull(credentials, "credentials");
        this.uid = credentials.uid();
        this.service = new TokenServiceClient(credentials.tokenService(), credentials.timeout());
        // Caching, expiry and single-flight fetching are rtm-auth's; this plugin only knows how to fetch.
        // The fetch deadline covers a connect and a response timeout.
        this.tokens = RefreshingTokenSupplier.builder(() -> service.fetch(uid))
                .clock(clock)
                .fetchTimeout(credentials.timeout().multipliedBy(2))
                .build();
    }

    /**
     * Allows only the credentials' uid as sender.
     *
     * @throws RtmCredentialsException code {@code uid_mismatch} (nothing sent) for any other sender
     */
    @Override
    public void checkSender(String senderId) {
        if (!uid.equals(senderId)) {
            throw RtmCredentialsException.notAllowed(TokenAuthenticator.UID_MISMATCH,
                    "company-token credentials may send only as their uid '" + uid + "', not as '" + senderId + "'");
        }
    }

    /**
     * The request with {@code x-ar-token} and {@code x-ar-uid}. Fails with {@link RtmCredentialsException}:
     * {@code uid_mismatch} for another sender, {@code token_unavailable} (the cause says why) when the token service
     * gives no token in time.
     */
    @Override
    public CompletableFuture<HttpRequest> authenticate(HttpRequest request, CallContext call) {
        CompletionStage<String> token;
        try {
            call.userId().ifPresent(this::checkSender);
            token = tokens.token();
        } catch (RtmCredentialsException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<HttpRequest> result = new CompletableFuture<>();
        token.whenComplete((value, error) -> {
            if (error != null) {
                result.completeExceptionally(tokenUnavailable(unwrap(error)));
                return;
            }
            try {
                result.complete(request.withHeader(TokenAuthenticator.TOKEN_HEADER, value)
                        .withHeader(TokenAuthenticator.UID_HEADER, uid));
            } catch (IllegalArgumentException e) {
                // a CR or LF in the token; HttpHeaders names the header, never the value
                result.completeExceptionally(tokenUnavailable(e));
            }
        });
        return result;
    }

    /**
     * After an HTTP 401: forgets the token that was sent (if it is still the cached one) and returns true, so the
     * pipeline makes one more attempt with a freshly fetched token. False when the request carried no token.
     */
    @Override
    public boolean onUnauthorized(HttpRequest request, HttpResponse response) {
        Optional<String> sent = request.headers().firstValue(TokenAuthenticator.TOKEN_HEADER);
        sent.ifPresent(tokens::invalidate);
        return sent.isPresent();
    }

    /** The uid these credentials send as. */
    public String uid() {
        return uid;
    }

    /**
     * Stops the token-service client's threads. A later send that needs a new token fails with
     * {@code token_unavailable}. Idempotent.
     */
    @Override
    public void close() {
        service.close();
    }

    /** The uid and the token service; never the token. */
    @Override
    public String toString() {
        return "CompanyTokenAuthenticator{uid='" + uid + "', " + service + ", tokens=" + tokens + '}';
    }

    private RtmCredentialsException tokenUnavailable(Throwable cause) {
        return RtmCredentialsException.unavailable(TokenAuthenticator.TOKEN_UNAVAILABLE,
                "could not obtain an RTM token for uid '" + uid + "' from the company token service", cause);
    }

    private static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while (e instanceof CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
