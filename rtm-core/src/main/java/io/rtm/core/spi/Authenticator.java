package io.rtm.core.spi;

import java.util.concurrent.CompletableFuture;

/**
 * Adds credentials to an outgoing request. Implementations are thread-safe and never put a secret in
 * {@code toString()}, a log line or an exception message. An authenticator that owns resources (threads, a
 * connection to a token service) implements {@link AutoCloseable}: the client closes a discovered one when it
 * closes (one given to {@code Rtm.builder().authenticator(...)} stays the caller's).
 */
public interface Authenticator {

    /**
     * Checks, before anything is encoded or sent, that these credentials may send as {@code senderId}.
     * Token credentials may send only as their uid.
     *
     * @throws io.rtm.core.error.RtmCredentialsException ({@link io.rtm.core.error.RtmCredentialsException#notAllowed})
     *                                                  with code {@code uid_mismatch} when they may not
     */
    default void checkSender(String senderId) {
    }

    /**
     * Returns the request with credential headers added. May complete asynchronously (e.g. a token
     * being fetched); fails with an {@link io.rtm.core.error.RtmCredentialsException} when no credential can be had.
     */
    CompletableFuture<HttpRequest> authenticate(HttpRequest request, CallContext call);

    /**
     * Called on an HTTP 401 to the given request. Returns true when new credentials are now available and
     * one more attempt is worth it (e.g. an expired token was invalidated); the default is false.
     */
    default boolean onUnauthorized(HttpRequest request, HttpResponse response) {
        return false;
    }
}
