package io.rtm.core.error;

/**
 * The service refused the credentials (HTTP 401/403), or token credentials cannot send as the
 * requested user (checked before anything is sent: {@code attempts() == 0}, code {@code uid_mismatch}).
 */
public class RtmAuthenticationException extends RtmException {

    /** Creates the exception; see {@link RtmException} for the parameters. */
    public RtmAuthenticationException(String message, Throwable cause, int httpStatus, String code, String requestId, int attempts) {
        super(message, cause, httpStatus, code, requestId, attempts);
    }

    @Override
    protected RtmException copy(int attempts) {
        return new RtmAuthenticationException(baseMessage(), getCause(), httpStatus(), code().orElse(null), requestId().orElse(null), attempts);
    }
}
