package io.rtm.auth;

import java.time.Instant;
import java.util.Objects;

/**
 * A token as a token service issued it, with the instant it stops being valid. Used by
 * {@link RefreshingTokenSupplier}. {@link #toString()} redacts the token.
 *
 * @param token     the RTM token; not empty
 * @param expiresAt when the token stops being valid
 */
public record IssuedToken(String token, Instant expiresAt) {

    /** Creates an issued token; both parts are required and the token must not be empty. */
    public IssuedToken {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (token.isEmpty()) {
            throw new IllegalArgumentException("token must not be empty");
        }
    }

    /** The expiry only; the token is redacted. */
    @Override
    public String toString() {
        return "IssuedToken{token=<redacted>, expiresAt=" + expiresAt + "}";
    }
}
