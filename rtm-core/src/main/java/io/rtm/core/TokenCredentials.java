package io.rtm.core;

import io.rtm.core.error.RtmConfigurationException;
import java.util.Objects;

/**
 * Token-auth credentials: the uid the RTM token was generated for, and where tokens come from. A client
 * with these credentials may send only as {@link #uid()}. The token never appears in {@link #toString()}.
 */
public final class TokenCredentials implements Credentials {

    private final String uid;
    private final TokenSupplier tokens;

    TokenCredentials(String uid, TokenSupplier tokens) {
        this.uid = Objects.requireNonNull(uid, "uid");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        if (uid.isEmpty()) {
            throw new RtmConfigurationException("Credentials.token: the uid must not be empty");
        }
    }

    @Override
    public String scheme() {
        return "token";
    }

    /** The uid the token was generated for ({@code x-ar-uid}). */
    public String uid() {
        return uid;
    }

    /** Where the tokens come from. */
    public TokenSupplier tokens() {
        return tokens;
    }

    @Override
    public String toString() {
        return "TokenCredentials{uid='" + uid + "', token=<redacted>}";
    }
}
