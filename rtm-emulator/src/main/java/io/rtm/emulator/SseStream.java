package io.rtm.emulator;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.IteratingCallback;

/**
 * A receiver's Server-Sent-Events stream. Writes are asynchronous (no thread waits on a slow client): an
 * {@link IteratingCallback} writes whatever is queued as one buffer, then the next batch when that write
 * completes. The stream ends when the client hangs up ({@link HangUpWatch}, or a failed write), when Jetty
 * reports the request failed, or when the emulator closes it; deliveries it had not written are then
 * {@linkplain Delivery#dropped() dropped}, so that they fall back to offline handling.
 */
final class SseStream extends ReceiverStream {

    private static final byte[] CONNECTED = ": connected\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEARTBEAT = ": heartbeat\n\n".getBytes(StandardCharsets.US_ASCII);

    private final AppState app;
    private final Response response;
    private final Callback done;
    private final Pump pump = new Pump();
    /** Queued {@link Delivery}s and comment byte arrays; guarded by this. */
    private final ArrayDeque<Object> queue = new ArrayDeque<>();
    /** The deliveries of the write in flight; guarded by this. */
    private List<Delivery> inFlight = List.of();
    private boolean closing;

    SseStream(AppState app, String userId, Set<String> channels, Response response, Callback done) {
        super(userId, channels);
        this.app = app;
        this.response = response;
        this.done = done;
        queue.add(CONNECTED); // the first write also sends the headers: the client sees the stream open
    }

    /** One SSE event: {@code id}, {@code event: message}, and the JSON data on one line. */
    static byte[] event(String id, byte[] json) {
        byte[] head = ("id: " + id + "\nevent: message\ndata: ").getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[head.length + json.length + 2];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(json, 0, out, head.length, json.length);
        out[out.length - 2] = '\n';
        out[out.length - 1] = '\n';
        return out;
    }

    @Override
    boolean enqueue(Delivery delivery) {
        synchronized (this) {
            if (closing) {
                return false;
            }
            delivery.hold();
            queue.add(delivery);
            return true;
        }
    }

    @Override
    synchronized boolean accepting() {
        return !closing;
    }

    @Override
    void flush() {
        pump.iterate();
    }

    @Override
    void heartbeat() {
        synchronized (this) {
            if (closing) {
                return;
            }
            queue.add(HEARTBEAT);
        }
        pump.iterate();
    }

    /** Ends the stream from the server side, after what is queued was written. */
    @Override
    void close() {
        synchronized (this) {
            closing = true;
        }
        pump.iterate();
    }

    /** The client hung up, or the connection failed: stop at once; what was not written is dropped. */
    void failed(Throwable cause) {
        dropUnwritten();
        pump.abort(cause);
    }

    /** Ends the stream's presence: offline first, so that what it had not written falls back to offline handling. */
    private void dropUnwritten() {
        List<Delivery> unwritten;
        synchronized (this) {
            closing = true;
            unwritten = new ArrayList<>(inFlight);
            inFlight = List.of();
            for (Object o : queue) {
                if (o instanceof Delivery d) {
                    unwritten.add(d);
                }
            }
            queue.clear();
        }
        app.disconnect(this);
        for (Delivery d : unwritten) {
            d.dropped();
        }
    }

    private synchronized List<Delivery> takeInFlight() {
        List<Delivery> batch = inFlight;
        inFlight = List.of();
        return batch;
    }

    private final class Pump extends IteratingCallback {

        @Override
        protected Action process() {
            List<Delivery> batch = new ArrayList<>();
            ByteBuffer buffer;
            synchronized (SseStream.this) {
                if (queue.isEmpty()) {
                    return closing ? Action.SUCCEEDED : Action.IDLE;
                }
                int size = 0;
                for (Object o : queue) {
                    size += o instanceof Delivery d ? d.event.length : ((byte[]) o).length;
                }
                buffer = ByteBuffer.allocate(size);
                Object o;
                while ((o = queue.poll()) != null) {
                    if (o instanceof Delivery d) {
                        buffer.put(d.event);
                        batch.add(d);
                    } else {
                        buffer.put((byte[]) o);
                    }
                }
                buffer.flip();
                inFlight = batch;
            }
            response.write(false, buffer, this);
            return Action.SCHEDULED;
        }

        @Override
        protected void onSuccess() {
            for (Delivery d : takeInFlight()) {
                d.written();
            }
        }

        @Override
        protected void onCompleteSuccess() {
            app.disconnect(SseStream.this);
            done.succeeded();
        }

        @Override
        protected void onCompleteFailure(Throwable cause) {
            dropUnwritten();
            done.failed(cause);
        }
    }
}
