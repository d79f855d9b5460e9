package io.rtm.auth;

import io.rtm.core.TokenSupplier;

/**
 * A {@link TokenSupplier} that can replace a rejected token: after {@link #invalidate(String)} of the
 * token it currently hands out, the next {@link #token()} produces a different one. Implementing this
 * interface is the promise {@link TokenAuthenticator#onUnauthorized} relies on to ask for one more attempt
 * after an HTTP 401; a plain supplier (such as {@link TokenSupplier#of(String)}) gets no retry, because it
 * would only send the same rejected token again.
 */
public interface RefreshableTokenSupplier extends TokenSupplier {
}
