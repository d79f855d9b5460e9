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
 * completes. A failed write (the client went away) ends the stream and takes the user offline.
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
    void enqueue(Delivery delivery) {
        synchronized (this) {
            if (!closing) {
                queue.add(delivery);
            }
        }
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

    @Override
    void close() {
        synchronized (this) {
            closing = true;
        }
        pump.iterate();
    }

    /** The client's connection failed (e.g. it closed it): stop at once. */
    void failed(Throwable cause) {
        synchronized (this) {
            closing = true;
            queue.clear();
        }
        pump.abort(cause);
    }

    private final class Pump extends IteratingCallback {
        private List<Delivery> inFlight = List.of();

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
            }
            inFlight = batch;
            response.write(false, buffer, this);
            return Action.SCHEDULED;
        }

        @Override
        protected void onSuccess() {
            List<Delivery> written = inFlight;
            inFlight = List.of();
            for (Delivery d : written) {
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
            app.disconnect(SseStream.this);
            done.failed(cause);
        }
    }
}
