package io.rtm.emulator;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * One open receiver connection of a user: an SSE stream, or an in-process {@link Receiver}. The app's presence
 * lock guards {@link #enqueue}; the writes themselves happen in {@link #flush()}, outside that lock. A stream
 * ends each {@link Delivery} it queued exactly once: {@link Delivery#written()}, or {@link Delivery#dropped()}
 * when the connection ended first.
 */
abstract class ReceiverStream {

    final String userId;
    final Set<String> channels;

    ReceiverStream(String userId, Set<String> channels) {
        this.userId = userId;
        this.channels = Collections.unmodifiableSet(new LinkedHashSet<>(channels)); // in the order given (events)
    }

    /**
     * Queues a delivery (and {@linkplain Delivery#hold() holds} it); cheap, never calls out. Called under the
     * presence lock.
     *
     * @return false when the stream is ending and takes nothing more
     */
    abstract boolean enqueue(Delivery delivery);

    /** Whether the stream still takes deliveries (it is not ending). */
    abstract boolean accepting();

    /** Writes what is queued, asynchronously. Called outside the presence lock. */
    abstract void flush();

    /** Sends a keep-alive comment, which also reveals a connection the client closed. */
    abstract void heartbeat();

    /** Ends the connection from the server side. */
    abstract void close();
}
