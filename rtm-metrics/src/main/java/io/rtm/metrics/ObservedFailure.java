package io.rtm.metrics;

import io.rtm.core.spi.TraceConventions;

/**
 * What an Observation is told about a failure: the failure's class, its {@link TraceConventions#describe safe
 * description} as message and its stack trace, but never its own message, which may quote a user ID or the service's
 * text (a tracing handler records the error it is given on the span). The cause is not kept for the same reason.
 */
final class ObservedFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String type;

    ObservedFailure(Throwable failure) {
        super(TraceConventions.describe(failure), null, false, true);
        this.type = failure.getClass().getName();
        setStackTrace(failure.getStackTrace());
    }

    /** The failure's class name, e.g. {@code io.rtm.core.error.RtmServerException}. */
    String type() {
        return type;
    }

    @Override
    public String toString() {
        return type + ": " + getMessage();
    }
}
