package io.rtm.emulator;

import io.rtm.core.Violation;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * One HTTP exchange of the emulator's API: answers it exactly once (a response, or a dropped connection) and
 * counts the answer for the app when the call was to a send API.
 */
final class Exchange {

    static final HttpField JSON_CONTENT_TYPE =
            new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "application/json;charset=utf-8");

    final Request request;
    final Response response;
    final String requestId;
    private final Callback callback;
    private final AtomicBoolean answered = new AtomicBoolean();
    /** Set once the call is known to be to a send API of a known app: its answers are counted. */
    private volatile AppState countedApp;

    Exchange(Request request, Response response, Callback callback, String requestId) {
        this.request = request;
        this.response = response;
        this.callback = callback;
        this.requestId = requestId;
    }

    void countFor(AppState app) {
        this.countedApp = app;
        app.countRequest();
    }

    boolean isAnswered() {
        return answered.get();
    }

    /** Answers with a JSON body; later answers are ignored. */
    void respond(int status, byte[] json, HttpField... extraHeaders) {
        if (!answered.compareAndSet(false, true)) {
            return;
        }
        AppState app = countedApp;
        if (app != null) {
            app.countStatus(status);
        }
        response.setStatus(status);
        HttpFields.Mutable headers = response.getHeaders();
        headers.put(JSON_CONTENT_TYPE);
        headers.put(HttpHeader.CONTENT_LENGTH, json.length);
        for (HttpField f : extraHeaders) {
            headers.put(f);
        }
        response.write(true, ByteBuffer.wrap(json), callback);
    }

    /** Answers {@code {"result":"failed",…}}. */
    void fail(int status, String code, String message, HttpField... extraHeaders) {
        respond(status, Json.error(code, requestId, message, List.of()), extraHeaders);
    }

    /** Answers {@code 400 invalid_parameter} naming every violation. */
    void invalid(List<Violation> violations) {
        StringBuilder message = new StringBuilder();
        for (Violation v : violations) {
            if (message.length() > 0) {
                message.append("; ");
            }
            message.append(v.field()).append(" (").append(v.rule()).append("): ").append(v.message());
        }
        respond(400, Json.error(Codes.INVALID_PARAMETER, requestId, message.toString(), violations));
    }

    /**
     * Answers an error before the request body was read, then discards (never stores) what the client still
     * sends, for at most {@code maxDiscardBytes} and {@code maxLinger}, and closes the connection. Without this
     * lingering close the kernel would reset a connection with unread data, and a client still writing its body
     * could lose the answer.
     */
    void failWithoutReadingBody(int status, String code, String message, long maxDiscardBytes, Duration maxLinger,
            Scheduler scheduler) {
        if (!answered.compareAndSet(false, true)) {
            return;
        }
        AppState app = countedApp;
        if (app != null) {
            app.countStatus(status);
        }
        byte[] json = Json.error(code, requestId, message, List.of());
        response.setStatus(status);
        HttpFields.Mutable headers = response.getHeaders();
        headers.put(JSON_CONTENT_TYPE);
        headers.put(HttpHeader.CONTENT_LENGTH, json.length);
        headers.put(HttpHeader.CONNECTION, "close");
        Discarder discarder = new Discarder(maxDiscardBytes);
        response.write(true, ByteBuffer.wrap(json), Callback.from(() -> {
            scheduler.schedule(discarder::finish, maxLinger.toNanos(), TimeUnit.NANOSECONDS);
            discarder.run();
        }, callback::failed));
    }

    /** Reads and drops the rest of a request body, then completes the exchange (at EOF, a cap, or the deadline). */
    private final class Discarder implements Runnable {
        private final long maxBytes;
        private final AtomicBoolean finished = new AtomicBoolean();
        private long discarded;

        Discarder(long maxBytes) {
            this.maxBytes = maxBytes;
        }

        @Override
        public void run() {
            while (!finished.get()) {
                Content.Chunk chunk = request.read();
                if (chunk == null) {
                    request.demand(this);
                    return;
                }
                boolean end = chunk.isLast() || Content.Chunk.isFailure(chunk);
                discarded += chunk.remaining();
                chunk.release();
                if (end || discarded > maxBytes) {
                    finish();
                    return;
                }
            }
        }

        void finish() {
            if (finished.compareAndSet(false, true)) {
                callback.succeeded();
            }
        }
    }

    /** Answers with no body (e.g. 204). */
    void respondEmpty(int status) {
        if (!answered.compareAndSet(false, true)) {
            return;
        }
        response.setStatus(status);
        response.write(true, null, callback);
    }

    /** Hands the exchange's callback to a stream that will complete it when the stream ends. */
    Callback callbackForStream() {
        if (!answered.compareAndSet(false, true)) {
            throw new IllegalStateException("already answered");
        }
        return callback;
    }

    /** Closes the connection without a response (fault injection). */
    void drop() {
        if (!answered.compareAndSet(false, true)) {
            return;
        }
        AppState app = countedApp;
        if (app != null) {
            app.countDroppedConnection();
        }
        request.getConnectionMetaData().getConnection().getEndPoint().close();
        callback.failed(new EofException("connection dropped by fault injection"));
    }

    /** The request is gone (the client went away mid-request): nothing to answer. */
    void abandon(Throwable cause) {
        if (answered.compareAndSet(false, true)) {
            callback.failed(cause);
        }
    }
}
