package io.rtm.emulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * An in-process receiver connection, opened with {@link RtmEmulator#connect(String, String, String...)}: the
 * user is online, and a member of the given channels, until {@link #close()}. It behaves like an SSE stream
 * whose writes always succeed at once, without HTTP. Thread-safe.
 */
public final class Receiver implements AutoCloseable {

    private final AppState app;
    private final Stream stream;

    Receiver(AppState app, String userId, Set<String> channels) {
        this.app = app;
        this.stream = new Stream(userId, channels);
    }

    void open() {
        app.connect(stream);
    }

    /** The user this receiver is connected as. */
    public String userId() {
        return stream.userId;
    }

    /** The channels this receiver joined. */
    public Set<String> channels() {
        return stream.channels;
    }

    /** The messages received on this connection so far, in order (stored offline messages first). */
    public List<AcceptedMessage> messages() {
        synchronized (stream) {
            return List.copyOf(stream.received);
        }
    }

    /**
     * Acknowledges a message (for {@link AckMode#MANUAL}).
     *
     * @return false when no {@code wait_for_ack=true} call waits for that message to this user
     */
    public boolean ack(String messageId) {
        return app.acknowledge(stream.userId, messageId);
    }

    /** Whether this connection is still open. */
    public boolean isOpen() {
        synchronized (stream) {
            return !stream.closed;
        }
    }

    /** Closes the connection; the user goes offline when it was its last one. Idempotent. */
    @Override
    public void close() {
        stream.close();
    }

    @Override
    public String toString() {
        return "Receiver{userId='" + stream.userId + "', channels=" + stream.channels + '}';
    }

    private final class Stream extends ReceiverStream {
        private final List<AcceptedMessage> received = new ArrayList<>();
        private final List<Delivery> unflushed = new ArrayList<>();
        private boolean closed;

        Stream(String userId, Set<String> channels) {
            super(userId, channels);
        }

        @Override
        synchronized boolean enqueue(Delivery delivery) {
            if (closed) {
                return false;
            }
            delivery.hold();
            unflushed.add(delivery);
            return true;
        }

        @Override
        synchronized boolean accepting() {
            return !closed;
        }

        @Override
        void flush() {
            List<Delivery> batch;
            synchronized (this) {
                batch = List.copyOf(unflushed);
                unflushed.clear();
                for (Delivery d : batch) {
                    received.add(d.message);
                }
            }
            for (Delivery d : batch) {
                d.written();
            }
        }

        @Override
        void heartbeat() {
        }

        @Override
        void close() {
            List<Delivery> dropped;
            synchronized (this) {
                closed = true;
                dropped = List.copyOf(unflushed);
                unflushed.clear();
            }
            app.disconnect(this);
            for (Delivery d : dropped) {
                d.dropped();
            }
        }
    }
}
