/**
 * Basic and token authentication as an {@link io.rtm.core.spi.Authenticator} plugin found by
 * {@link java.util.ServiceLoader}, refreshing token suppliers, and the RTM token 006 builder and verifier
 * ({@code io.rtm.auth.token}); {@code AuthModule} for Guice users (Guice is optional).
 */
module io.rtm.auth {
    requires transitive io.rtm.core;
    requires org.slf4j;
    requires static com.google.guice;
    requires static jakarta.inject;

    exports io.rtm.auth;
    exports io.rtm.auth.token;

    provides io.rtm.core.spi.AuthenticatorProvider with io.rtm.auth.RtmAuthenticatorProvider;
}
