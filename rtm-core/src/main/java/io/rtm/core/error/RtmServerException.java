package io.rtm.core.error;

/**
 * The service failed (HTTP 5xx) or answered with a status the SDK cannot interpret. The message
 * may or may not have been accepted: retrying it may deliver it twice.
 */
public class RtmServerException extends RtmException {

    /** Creates the exception; see {@link RtmException} for the parameters. */
    public RtmServerException(String message, Throwable cause, int httpStatus, String code, String requestId, int attempts) {
        super(message, cause, httpStatus, code, requestId, attempts);
    }

    @Override
    protected RtmException copy(int attempts) {
        return new RtmServerException(baseMessage(), getCause(), httpStatus(), code().orElse(null), requestId().orElse(null), attempts);
    }
}
