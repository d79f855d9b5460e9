package io.rtm.auth;

import io.rtm.core.BasicCredentials;
import io.rtm.core.spi.Authenticator;
import io.rtm.core.spi.CallContext;
import io.rtm.core.spi.HttpRequest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * HTTP Basic authentication with the project's api key and secret:
 * {@code Authorization: Basic base64(utf8(api_key + ":" + api_secret))}, computed once. Basic credentials
 * may send as any user. Immutable and thread-safe; {@link #authenticate} completes immediately.
 */
public final class BasicAuthenticator implements Authenticator {

    /** The header this authenticator sets. */
    public static final String AUTHORIZATION = "Authorization";

    private final String apiKey;
    private final String headerValue;

    /** Creates the authenticator and precomputes its header value. */
    @Inject
    public BasicAuthenticator(BasicCredentials credentials) {
        Objects.requireNonNull(credentials, "credentials");
        this.apiKey = credentials.apiKey();
        String pair = credentials.apiKey() + ":" + credentials.apiSecret();
        this.headerValue = "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    /** Returns the request with its {@code Authorization} header replaced by the Basic credentials. */
    @Override
    public CompletableFuture<HttpRequest> authenticate(HttpRequest request, CallContext call) {
        return CompletableFuture.completedFuture(request.withHeader(AUTHORIZATION, headerValue));
    }

    /** Shows the api key only. */
    @Override
    public String toString() {
        return "BasicAuthenticator{apiKey='" + apiKey + "'}";
    }
}
