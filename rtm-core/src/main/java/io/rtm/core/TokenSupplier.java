package io.rtm.core;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Supplies the RTM token for token authentication, asynchronously so that an expiring token can be
 * fetched or renewed without blocking a thread. Implementations must be thread-safe.
 * {@code rtm-auth} ships caching, refreshing suppliers.
 */
@FunctionalInterface
public interface TokenSupplier {

    /** The token to send now. Must not complete with null. */
    CompletionStage<String> token();

    /**
     * Called when the service rejected this token (HTTP 401): the next {@link #token()} should not return
     * it again. The default does nothing (a fixed token).
     */
    default void invalidate(String rejectedToken) {
    }

    /** A supplier of one fixed token. */
    static TokenSupplier of(String token) {
        java.util.Objects.requireNonNull(token, "token");
        CompletableFuture<String> done = CompletableFuture.completedFuture(token);
        return new TokenSupplier() {
            @Override
            public CompletionStage<String> token() {
                return done;
            }

            @Override
            public String toString() {
                return "TokenSupplier.of(<redacted>)";
            }
        };
    }
}
