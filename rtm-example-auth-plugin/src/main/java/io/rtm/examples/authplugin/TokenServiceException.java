package io.rtm.examples.authplugin;

/**
 * The company token service gave no usable token: an HTTP status other than 200, an answer that is not the
 * expected JSON, or one that is too large. The message never quotes the answer, which may hold a token.
 * It reaches the caller as the cause of an {@link io.rtm.core.error.RtmCredentialsException} with code
 * {@code token_unavailable}.
 */
public final class TokenServiceException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public TokenServiceException(String message) {
        super(message);
    }
}
