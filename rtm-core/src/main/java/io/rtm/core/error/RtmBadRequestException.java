package io.rtm.core.error;

/**
 * The service rejected the request as invalid (HTTP 400, or another 4xx the SPEC does not name).
 * Nothing was delivered. The service's {@code code} and message say which parameter and rule.
 */
public class RtmBadRequestException extends RtmException {

    /** Creates the exception; see {@link RtmException} for the parameters. */
    public RtmBadRequestException(String message, Throwable cause, int httpStatus, String code, String requestId, int attempts) {
        super(message, cause, httpStatus, code, requestId, attempts);
    }

    @Override
    protected RtmException copy(int attempts) {
        return new RtmBadRequestException(baseMessage(), getCause(), httpStatus(), code().orElse(null), requestId().orElse(null), attempts);
    }
}
