package io.rtm.opentelemetry;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.rtm.core.spi.TraceConventions;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Records a failure on a span the OpenTelemetry way (status {@code ERROR}, {@code error.type}, an {@code exception}
 * event with {@code exception.type}, {@code exception.message}, {@code exception.stacktrace}), with {@link TraceConventions#describe} as its message and a stack trace of frames and class names only: an
 * exception's own message may quote a user ID or the service's text, and never goes into a span.
 */
final class Failures {

    /** The semantic conventions' name of the event of an exception. */
    static final String EXCEPTION_EVENT = "exception";

    private Failures() {
    }

    static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** Records the (unwrapped) failure on the recording span. */
    static void record(Span span, Throwable failure) {
        String description = TraceConventions.describe(failure);
        span.setStatus(StatusCode.ERROR, description);
        span.setAttribute(Keys.ERROR_TYPE, failure.getClass().getName());
        // the semantic conventions' exception event, built here rather than by recordException(), which would keep
        // the exception itself (and its message) in the span data for any processor or exporter to read
        span.addEvent(EXCEPTION_EVENT, Attributes.of(Keys.EXCEPTION_TYPE, failure.getClass().getName(),
                Keys.EXCEPTION_MESSAGE, description, Keys.EXCEPTION_STACKTRACE, stackTrace(failure)));
    }

    /** Like {@link Throwable#printStackTrace()}, without any message: class names and frames of the chain of causes. */
    static String stackTrace(Throwable failure) {
        StringBuilder sb = new StringBuilder();
        Throwable t = failure;
        for (int depth = 0; t != null && depth < 8; depth++, t = t.getCause()) {
            sb.append(depth == 0 ? "" : "Caused by: ").append(t.getClass().getName()).append('\n');
            StackTraceElement[] frames = t.getStackTrace();
            int shown = Math.min(frames.length, 32);
            for (int i = 0; i < shown; i++) {
                sb.append("\tat ").append(frames[i]).append('\n');
            }
            if (frames.length > shown) {
                sb.append("\t... ").append(frames.length - shown).append(" more\n");
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return sb.toString();
    }
}
