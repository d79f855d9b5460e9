/**
 * The SPEC rules for user IDs, channel names and payloads, as a {@link io.rtm.core.spi.Validator} plugin found by
 * {@link java.util.ServiceLoader}; {@code ValidationModule} for Guice users (Guice is optional).
 */
module io.rtm.validation {
    requires transitive io.rtm.core;
    requires static com.google.guice;
    requires static jakarta.inject;

    exports io.rtm.validation;

    provides io.rtm.core.spi.ValidatorProvider
        with io.rtm.validation.RtmValidatorProvider, io.rtm.validation.SignalingInteropValidatorProvider;
}
