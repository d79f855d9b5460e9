package io.rtm.emulator;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One message on its way to one recipient, shared by the recipient's streams that it was offered to. It settles
 * once: DELIVERED when the first stream wrote it (recorded once, and in AUTO ack mode acknowledged), or, when
 * every stream that held it dropped it unwritten (the connection went away first), UNDELIVERED: then its
 * {@code fallback} runs, e.g. offline handling for a peer message. Thread-safe.
 *
 * <p>Each holder (a stream that queued it) ends its hold exactly once, with {@link #written()} or
 * {@link #dropped()}; whoever offers it holds it too until {@link #dropped()}, so that it cannot settle while
 * it is still being offered.
 */
final class Delivery {

    final AcceptedMessage message;
    final String recipient;
    /** Whether it comes from the offline store (the SSE event says {@code "offline":true}). */
    final boolean fromStore;
    /** The SSE event, ready to write. */
    final byte[] event;
    /** The waiting {@code wait_for_ack=true} call, or null. */
    final PendingAck ack;
    private final AppState app;
    private final Consumer<Delivery> fallback;
    private final AtomicInteger holders = new AtomicInteger(1);
    private final AtomicBoolean settled = new AtomicBoolean();

    Delivery(AppState app, AcceptedMessage message, String recipient, boolean fromStore, byte[] event, PendingAck ack,
            Consumer<Delivery> fallback) {
        this.app = app;
        this.message = message;
        this.recipient = recipient;
        this.fromStore = fromStore;
        this.event = event;
        this.ack = ack;
        this.fallback = fallback;
    }

    /** A fresh delivery of the same message to the same recipient, for another offer. */
    Delivery again() {
        return new Delivery(app, message, recipient, fromStore, event, ack, fallback);
    }

    /** A stream queued it: it holds it until it wrote or dropped it. */
    void hold() {
        holders.incrementAndGet();
    }

    /** A stream wrote the event (its write callback succeeded): delivered, unless another stream was first. */
    void written() {
        if (settled.compareAndSet(false, true)) {
            app.onDelivered(this);
        }
        holders.decrementAndGet();
    }

    /** A holder lets go without having written it; the last one to do so, with nothing written, runs the fallback. */
    void dropped() {
        if (holders.decrementAndGet() == 0 && settled.compareAndSet(false, true)) {
            fallback.accept(this);
        }
    }
}
