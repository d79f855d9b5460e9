package io.rtm.core.error;

/**
 * The SDK is misconfigured: a required option or plugin is missing, a named plugin is unknown, an option is
 * invalid (e.g. plain {@code http://} to a non-loopback host, an api key containing {@code ':'}), or a library the
 * SDK needs is too old. Thrown while building a client, before anything is sent; the message says what to change.
 * Not retryable.
 */
public final class RtmConfigurationException extends RtmClientException {

    /** Creates the exception; the message says what to change. */
    public RtmConfigurationException(String message) {
        this(message, null);
    }

    /** Creates the exception with a cause. */
    public RtmConfigurationException(String message, Throwable cause) {
        super(message, cause, null, 0, false, false);
    }

    /** False: the configuration must change first. */
    @Override
    public boolean retryable() {
        return false;
    }

    /** {@link Reason#CONFIGURATION}. */
    @Override
    public Reason reason() {
        return Reason.CONFIGURATION;
    }

    @Override
    RtmException copy(int attempts, boolean earlierReachedService) {
        return this;
    }
}
