package io.rtm.core;

import java.util.Objects;

/** Basic-auth credentials (api key and secret). The secret never appears in {@link #toString()}. */
public final class BasicCredentials implements Credentials {

    private final String apiKey;
    private final String apiSecret;

    BasicCredentials(String apiKey, String apiSecret) {
        this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
        this.apiSecret = Objects.requireNonNull(apiSecret, "apiSecret");
        if (apiKey.isEmpty() || apiSecret.isEmpty()) {
            throw new IllegalArgumentException("apiKey and apiSecret must not be empty");
        }
        if (apiKey.indexOf(':') >= 0) {
            throw new IllegalArgumentException("apiKey must not contain ':' (Basic auth separates key and secret with it)");
        }
    }

    @Override
    public String scheme() {
        return "basic";
    }

    /** The api key (not a secret). */
    public String apiKey() {
        return apiKey;
    }

    /** The api secret. Handle with care: never log it. */
    public String apiSecret() {
        return apiSecret;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BasicCredentials c && apiKey.equals(c.apiKey) && apiSecret.equals(c.apiSecret);
    }

    @Override
    public int hashCode() {
        return Objects.hash(apiKey, apiSecret);
    }

    @Override
    public String toString() {
        return "BasicCredentials{apiKey='" + apiKey + "', apiSecret=<redacted>}";
    }
}
