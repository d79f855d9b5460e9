package io.rtm.auth;

import io.rtm.core.TokenCredentials;
import io.rtm.core.TokenSupplier;
import io.rtm.core.error.RtmCredentialsException;
import io.rtm.core.spi.Authenticator;
import io.rtm.core.spi.CallContext;
import io.rtm.core.spi.HttpRequest;
import io.rtm.core.spi.HttpResponse;
import jakarta.inject.Inject;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * RTM token authentication: headers {@code x-ar-token: <token>} and {@code x-ar-uid: <uid>}. Token
 * credentials may send only as their uid, which {@link #checkSender} enforces before anything is sent.
 *
 * <p>Tokens come from the credentials' {@link TokenSupplier}, asynchronously: {@link #authenticate} never
 * blocks, and completes on the thread that completes the supplier's stage. After an HTTP 401 it
 * invalidates the token that was sent and asks for one more attempt only when the supplier is a
 * {@link RefreshableTokenSupplier}. Thread-safe.
 */
public final class TokenAuthenticator implements Authenticator {

    /** The header carrying the RTM token. */
    public static final String TOKEN_HEADER = "x-ar-token";
    /** The header carrying the uid the token was generated for. */
    public static final String UID_HEADER = "x-ar-uid";
    /** Error code when token credentials are asked to send as another user. */
    public static final String UID_MISMATCH = "uid_mismatch";
    /** Error code when no token could be obtained from the supplier. */
    public static final String TOKEN_UNAVAILABLE = "token_unavailable";

    private final String uid;
    private final TokenSupplier tokens;

    /** Creates the authenticator for these credentials. */
    @Inject
    public TokenAuthenticator(TokenCredentials credentials) {
        Objects.requireNonNull(credentials, "credentials");
        this.uid = credentials.uid();
        this.tokens = credentials.tokens();
    }

    /**
     * Token credentials may send only as their uid.
     *
     * @throws RtmCredentialsException code {@code uid_mismatch} (not retryable, nothing sent) when {@code senderId} is
     *                                 not the uid
     */
    @Override
    public void checkSender(String senderId) {
        Objects.requireNonNull(senderId, "senderId");
        if (!uid.equals(senderId)) {
            // user ids are not secrets: naming both makes the mistake obvious
            throw RtmCredentialsException.notAllowed(UID_MISMATCH, "token credentials may send only as their uid '" + uid
                    + "', not as '" + senderId + "'");
        }
    }

    /**
     * Returns the request with {@code x-ar-token} and {@code x-ar-uid} set (existing values replaced).
     * Fails the future with {@link RtmCredentialsException}: code {@code uid_mismatch} when the call's
     * sender is not the uid, code {@code token_unavailable} (retryable, cause kept) when the supplier fails, throws,
     * or supplies no token.
     */
    @Override
    public CompletableFuture<HttpRequest> authenticate(HttpRequest request, CallContext call) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(call, "call");
        CompletionStage<String> token;
        try {
            call.userId().ifPresent(this::checkSender); // an operation without a user (history, events) has none to check
            token = Objects.requireNonNull(tokens.token(), "the token supplier returned no stage");
        } catch (RtmCredentialsException e) {
            return CompletableFuture.failedFuture(e);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(tokenUnavailable("the token supplier failed", e));
        }
        CompletableFuture<HttpRequest> result = new CompletableFuture<>();
        token.whenComplete((value, error) -> {
            if (error != null) {
                result.completeExceptionally(tokenUnavailable("the token supplier failed", unwrap(error)));
            } else if (value == null || value.isEmpty()) {
                result.completeExceptionally(tokenUnavailable("the token supplier supplied no token", null));
            } else {
                try {
                    result.complete(request.withHeader(TOKEN_HEADER, value).withHeader(UID_HEADER, uid));
                } catch (RuntimeException e) {
                    // e.g. a CR or LF in the token; the header's message names the header, not the value
                    result.completeExceptionally(tokenUnavailable("the token supplier supplied a token that is not a valid header value", e));
                }
            }
        });
        return result;
    }

    /**
     * Invalidates the token that was sent in {@code request} and returns true when the supplier is a
     * {@link RefreshableTokenSupplier}, i.e. when another attempt will carry a different token.
     */
    @Override
    public boolean onUnauthorized(HttpRequest request, HttpResponse response) {
        Optional<String> sent = request.headers().firstValue(TOKEN_HEADER);
        if (sent.isEmpty()) {
            return false;
        }
        tokens.invalidate(sent.get());
        return tokens instanceof RefreshableTokenSupplier;
    }

    /** The uid these credentials send as. */
    public String uid() {
        return uid;
    }

    /** Shows the uid only. */
    @Override
    public String toString() {
        return "TokenAuthenticator{uid='" + uid + "', token=<redacted>}";
    }

    private RtmCredentialsException tokenUnavailable(String why, Throwable cause) {
        return RtmCredentialsException.unavailable(TOKEN_UNAVAILABLE, "could not obtain an RTM token for uid '" + uid + "': " + why,
                cause);
    }

    private static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while (e instanceof CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
