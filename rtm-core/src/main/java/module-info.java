/**
 * rtm-java's core: the public API ({@code io.rtm.core}, {@code io.rtm.core.error}, {@code io.rtm.core.bulk},
 * {@code io.rtm.core.history}, {@code io.rtm.core.events}) and the
 * SPIs plugins implement ({@code io.rtm.core.spi}). The pipeline's implementation ({@code io.rtm.core.internal}) is
 * not exported. Guice is optional: only {@link io.rtm.core.RtmCoreModule} needs it.
 */
module io.rtm.core {
    exports io.rtm.core;
    exports io.rtm.core.spi;
    exports io.rtm.core.error;
    exports io.rtm.core.bulk;
    exports io.rtm.core.history;
    exports io.rtm.core.events;

    requires com.fasterxml.jackson.core;
    requires org.slf4j;
    requires static com.google.guice;
    requires static jakarta.inject;

    // Guice calls RtmCoreModule's provider methods reflectively
    opens io.rtm.core to com.google.guice;

    uses io.rtm.core.spi.TransportProvider;
    uses io.rtm.core.spi.AuthenticatorProvider;
    uses io.rtm.core.spi.ValidatorProvider;
    uses io.rtm.core.spi.RateLimiterProvider;
    uses io.rtm.core.spi.InstrumentationProvider;
}
