package io.rtm.examples.cli;

import io.rtm.core.error.RtmAuthenticationException;
import io.rtm.core.error.RtmBadRequestException;
import io.rtm.core.error.RtmClientClosedException;
import io.rtm.core.error.RtmConfigurationException;
import io.rtm.core.error.RtmCredentialsException;
import io.rtm.core.error.RtmException;
import io.rtm.core.error.RtmLocalRateLimitException;
import io.rtm.core.error.RtmRateLimitedException;
import io.rtm.core.error.RtmServerException;
import io.rtm.core.error.RtmServiceTimeoutException;
import io.rtm.core.error.RtmTimeoutException;
import io.rtm.core.error.RtmTransportException;
import io.rtm.core.error.RtmUnexpectedResponseException;
import io.rtm.core.error.RtmValidationException;
import java.util.List;
import java.util.function.Predicate;

/**
 * The CLI's exit codes, one per kind of outcome, and the one table that maps an error to its code. When the
 * SDK's error types change, {@link #TABLE} is the only place to adapt.
 */
final class ExitCodes {

    /** Sent (any delivery code, {@code message_offline} included); or help/version shown. */
    static final int OK = 0;
    /** Invalid input or usage: caught before sending, or a 400 from the service. */
    static final int INVALID = 2;
    /** The service refused who we are: 401/403, an unknown App ID, or a token that can't send as that user. */
    static final int AUTH = 3;
    /** Rate limited. */
    static final int RATE_LIMITED = 4;
    /** Timed out. */
    static final int TIMEOUT = 5;
    /** The service failed (5xx). */
    static final int SERVER = 6;
    /** Network failure. */
    static final int NETWORK = 7;
    /** A bulk send ({@code --to-file}) that left some recipients without the message: failed, or not sent after a stop. */
    static final int PARTIAL = 8;
    /** The endpoint answered with a status the SDK does not act on (a redirect, a 1xx): check {@code --endpoint}. */
    static final int UNEXPECTED_RESPONSE = 9;
    /** Stopped before the outcome was known: the client was closed (e.g. on SIGTERM) while the message was in flight. */
    static final int STOPPED = 10;
    /** A bug: an unexpected exception. */
    static final int INTERNAL = 70;

    /** The service's code for a request to an App ID it does not know (the emulator answers 404 with it). */
    static final String UNKNOWN_APP = "unknown_app";

    /** First matching row wins; the last row catches everything else. */
    private static final List<Row> TABLE = List.of(
            new Row(UsageException.class, INVALID),
            new Row(RtmValidationException.class, INVALID),
            new Row(RtmConfigurationException.class, INVALID),
            // A wrong App ID is a wrong identity, like a wrong secret, not a malformed message.
            new Row(RtmBadRequestException.class, e -> e.code().filter(UNKNOWN_APP::equals).isPresent(), AUTH),
            new Row(RtmBadRequestException.class, INVALID),
            new Row(RtmAuthenticationException.class, AUTH),
            new Row(RtmCredentialsException.class, AUTH),
            new Row(RtmRateLimitedException.class, RATE_LIMITED),
            new Row(RtmLocalRateLimitException.class, RATE_LIMITED),
            new Row(RtmTimeoutException.class, TIMEOUT),
            new Row(RtmServiceTimeoutException.class, TIMEOUT),
            new Row(RtmServerException.class, SERVER),
            new Row(RtmUnexpectedResponseException.class, UNEXPECTED_RESPONSE),
            new Row(RtmTransportException.class, NETWORK),
            new Row(RtmClientClosedException.class, STOPPED),
            new Row(Throwable.class, INTERNAL));

    private ExitCodes() {
    }

    /** The exit code for an error that ended a command. */
    static int of(Throwable t) {
        for (Row row : TABLE) {
            if (row.matches(t)) {
                return row.code;
            }
        }
        throw new AssertionError("the last row matches every Throwable");
    }

    private record Row(Class<? extends Throwable> type, Predicate<RtmException> when, int code) {
        Row(Class<? extends Throwable> type, int code) {
            this(type, e -> true, code);
        }

        boolean matches(Throwable t) {
            return type.isInstance(t) && (!(t instanceof RtmException e) || when.test(e));
        }
    }
}
