package io.rtm.examples.cli;

import io.rtm.core.error.RtmAuthenticationException;
import io.rtm.core.error.RtmBadRequestException;
import io.rtm.core.error.RtmConfigurationException;
import io.rtm.core.error.RtmCredentialsException;
import io.rtm.core.error.RtmLocalRateLimitException;
import io.rtm.core.error.RtmRateLimitedException;
import io.rtm.core.error.RtmServerException;
import io.rtm.core.error.RtmServiceTimeoutException;
import io.rtm.core.error.RtmTimeoutException;
import io.rtm.core.error.RtmTransportException;
import io.rtm.core.error.RtmValidationException;

/** The CLI's exit codes, one per kind of outcome. */
final class ExitCodes {

    /** Sent (any delivery code, {@code message_offline} included). */
    static final int OK = 0;
    /** Invalid input or usage: caught before sending, or a 400 from the service. */
    static final int INVALID = 2;
    /** Authentication failed: 401, or a token that can't send as that user. */
    static final int AUTH = 3;
    /** Rate limited. */
    static final int RATE_LIMITED = 4;
    /** Timed out. */
    static final int TIMEOUT = 5;
    /** The service failed (5xx). */
    static final int SERVER = 6;
    /** Network failure. */
    static final int NETWORK = 7;
    /** A bulk send ({@code --to-file}) in which some messages failed (the summary says which and why). */
    static final int PARTIAL = 8;
    /** A bug: an unexpected exception. */
    static final int INTERNAL = 70;

    private ExitCodes() {
    }

    static int of(Throwable t) {
        if (t instanceof RtmValidationException || t instanceof RtmBadRequestException || t instanceof RtmConfigurationException) {
            return INVALID;
        }
        if (t instanceof RtmAuthenticationException || t instanceof RtmCredentialsException) {
            return AUTH;
        }
        if (t instanceof RtmRateLimitedException || t instanceof RtmLocalRateLimitException) {
            return RATE_LIMITED;
        }
        if (t instanceof RtmTimeoutException || t instanceof RtmServiceTimeoutException) {
            return TIMEOUT;
        }
        if (t instanceof RtmServerException) {
            return SERVER;
        }
        if (t instanceof RtmTransportException) {
            return NETWORK;
        }
        return INTERNAL;
    }
}
