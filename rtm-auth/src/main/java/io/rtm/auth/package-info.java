/**
 * The authentication plugin: {@link io.rtm.auth.BasicAuthenticator} and
 * {@link io.rtm.auth.TokenAuthenticator} implement {@link io.rtm.core.spi.Authenticator};
 * {@link io.rtm.auth.RefreshingTokenSupplier} caches and renews expiring tokens;
 * {@link io.rtm.auth.RtmAuthenticatorProvider} makes them discoverable by {@link java.util.ServiceLoader},
 * and {@link io.rtm.auth.AuthModule} binds them in Guice. RTM tokens themselves are in
 * {@link io.rtm.auth.token}.
 */
package io.rtm.auth;
