package io.rtm.core.error;

/**
 * The SDK is misconfigured: a required plugin is missing, a named plugin is unknown, an option is
 * invalid (e.g. plain {@code http://} to a non-loopback host). Thrown while building a client, before
 * anything is sent; the message says what to change. A call made on a closed client also fails with it
 * (nothing is sent).
 */
public class RtmConfigurationException extends RtmException {

    /** Creates the exception. */
    public RtmConfigurationException(String message) {
        this(message, null);
    }

    /** Creates the exception with a cause. */
    public RtmConfigurationException(String message, Throwable cause) {
        super(message, cause, 0, null, null, 0);
    }

    @Override
    protected RtmException copy(int attempts) {
        return this;
    }
}
