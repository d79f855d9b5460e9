/**
 * Example of a custom authenticator plugin: {@link io.rtm.examples.authplugin.CompanyTokenCredentials} are
 * turned into a {@link io.rtm.examples.authplugin.CompanyTokenAuthenticator} by the ServiceLoader-discovered
 * {@link io.rtm.examples.authplugin.CompanyTokenAuthenticatorProvider}; RTM tokens come from a company token
 * service over HTTP and are cached by rtm-auth's {@link io.rtm.auth.RefreshingTokenSupplier}. See
 * {@code docs/writing-a-plugin.md}.
 */
package io.rtm.examples.authplugin;
