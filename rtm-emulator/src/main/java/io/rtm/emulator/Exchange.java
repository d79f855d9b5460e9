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
import org.eclipse.jetty.http.HttpHeaderValue;
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
 *
 * <p>An answer given before the request body was read (401, 415, 404, ...) first discards the body, without
 * storing it, so that the connection stays usable; a body larger than {@code maxBodyBytes} is answered at once
 * with {@code Connection: close} and its rest discarded (up to 64 MiB, for up to 2 s). Without that lingering
 * close the kernel would reset a connection with unread data, and a client still writing its body could lose
 * the answer.
 */
final class Exchange {

    static final HttpField JSON_CONTENT_TYPE =
            new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "application/json;charset=utf-8");
    private static final HttpField CONNECTION_CLOSE = new PreEncodedHttpField(HttpHeader.CONNECTION,
            HttpHeaderValue.CLOSE.asString());
    private static final long MAX_LINGER_DISCARD_BYTES = 64L << 20;
    private static final Duration MAX_LINGER = Duration.ofSeconds(2);

    final Request request;
    final Response response;
    final String requestId;
    private final Callback callback;
    private final Scheduler scheduler;
    private final int maxBodyBytes;
    private final AtomicBoolean answered = new AtomicBoolean();
    /** Set once the call is known to be to a send API of a known app: its answers are counted. */
    private volatile AppState countedApp;
    private volatile boolean bodyRead;

    Exchange(Request request, Response response, Callback callback, String requestId, Scheduler scheduler,
            int maxBodyBytes) {
        this.request = request;
        this.response = response;
        this.callback = callback;
        this.requestId = requestId;
        this.scheduler = scheduler;
        this.maxBodyBytes = maxBodyBytes;
    }

    void countFor(AppState app) {
        this.countedApp = app;
        app.countRequest();
    }

    /** The body reader reached the end of the body. */
    void bodyRead() {
        this.bodyRead = true;
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
        if (bodyRead || request.getLength() == 0) {
            write(status, json, extraHeaders, callback);
            return;
        }
        // answered before the body was read: drop the body first, then answer on a connection that stays usable
        Discarder drain = new Discarder(maxBodyBytes, false);
        drain.onEnd = () -> write(status, json, extraHeaders, callback);
        drain.onCap = () -> lingerAfter(status, json, extraHeaders, drain);
        drain.run();
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

    /** Answers at once, then discards the rest of an oversized body and closes the connection. */
    void failTooLarge(String code, String message) {
        if (!answered.compareAndSet(false, true)) {
            return;
        }
        AppState app = countedApp;
        if (app != null) {
            app.countStatus(413);
        }
        lingerAfter(413, Json.error(code, requestId, message, List.of()), new HttpField[0],
                new Discarder(MAX_LINGER_DISCARD_BYTES, true));
    }

    private void lingerAfter(int status, byte[] json, HttpField[] extraHeaders, Discarder drain) {
        Discarder linger = drain.lingering ? drain : new Discarder(MAX_LINGER_DISCARD_BYTES, true);
        response.getHeaders().put(CONNECTION_CLOSE);
        linger.onEnd = callback::succeeded;
        linger.onCap = callback::succeeded;
        write(status, json, extraHeaders, Callback.from(() -> {
            scheduler.schedule(linger::finish, MAX_LINGER.toNanos(), TimeUnit.NANOSECONDS);
            linger.run();
        }, callback::failed));
    }

    private void write(int status, byte[] json, HttpField[] extraHeaders, Callback done) {
        response.setStatus(status);
        HttpFields.Mutable headers = response.getHeaders();
        headers.put(JSON_CONTENT_TYPE);
        headers.put(HttpHeader.CONTENT_LENGTH, json.length);
        for (HttpField f : extraHeaders) {
            headers.put(f);
        }
        response.write(true, ByteBuffer.wrap(json), done);
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

    /** Reads and drops a request body (never stores it); calls {@code onEnd} at its end, {@code onCap} past the cap. */
    private final class Discarder implements Runnable {
        final boolean lingering;
        private final long maxBytes;
        private final AtomicBoolean finished = new AtomicBoolean();
        private long discarded;
        Runnable onEnd;
        Runnable onCap;

        Discarder(long maxBytes, boolean lingering) {
            this.maxBytes = maxBytes;
            this.lingering = lingering;
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
                if (end) {
                    finish();
                    return;
                }
                if (discarded > maxBytes) {
                    if (finished.compareAndSet(false, true)) {
                        onCap.run();
                    }
                    return;
                }
            }
        }

        /** Ends discarding (at the end of the body, or at the linger deadline). */
        void finish() {
            if (finished.compareAndSet(false, true)) {
                onEnd.run();
            }
        }
    }
}
