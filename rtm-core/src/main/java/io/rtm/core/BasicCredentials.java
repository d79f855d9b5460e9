package io.rtm.core;

import io.rtm.core.error.RtmConfigurationException;
import java.util.Objects;

/**
 * Basic-auth credentials (api key and secret). Immutable. The secret never appears in {@link #toString()}.
 * Created by {@link Credentials#basic}, which throws {@link RtmConfigurationException} for an empty part or an api
 * key containing {@code ':'}.
 */
public final class BasicCredentials implements Credentials {

    private final String apiKey;
    private final String apiSecret;

    BasicCredentials(String apiKey, String apiSecret) {
        this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
        this.apiSecret = Objects.requireNonNull(apiSecret, "apiSecret");
        if (apiKey.isEmpty() || apiSecret.isEmpty()) {
            throw new RtmConfigurationException("Credentials.basic: apiKey and apiSecret must not be empty");
        }
        if (apiKey.indexOf(':') >= 0) {
            // Basic auth joins key and secret with ':' and the service splits at the first one: such a key cannot work.
            throw new RtmConfigurationException("Credentials.basic: the apiKey must not contain ':' (HTTP Basic joins the "
                    + "key and the secret with ':' and the service splits at the first one, so this key could never "
                    + "authenticate); check that the key and the secret were not swapped or joined");
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
