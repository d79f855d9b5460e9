/**
 * The SPEC rules for user IDs, channel names and payloads, as a {@link io.rtm.core.spi.Validator} plugin:
 * {@link io.rtm.validation.RtmValidator} (with its {@link io.rtm.validation.Profile}s), the
 * {@link java.util.ServiceLoader} providers, and the Guice {@link io.rtm.validation.ValidationModule}.
 */
package io.rtm.validation;
