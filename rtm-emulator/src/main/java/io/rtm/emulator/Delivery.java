package io.rtm.emulator;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One message on its way to one recipient, shared by all of that recipient's streams: the first stream that
 * writes it delivers it (recorded once, and in AUTO ack mode acknowledged).
 */
final class Delivery {

    final AcceptedMessage message;
    final String recipient;
    final boolean offline;
    /** The SSE event, ready to write. */
    final byte[] event;
    /** The waiting {@code wait_for_ack=true} call, or null. */
    final PendingAck ack;
    private final AppState app;
    private final AtomicBoolean written = new AtomicBoolean();

    Delivery(AppState app, AcceptedMessage message, String recipient, boolean offline, byte[] event, PendingAck ack) {
        this.app = app;
        this.message = message;
        this.recipient = recipient;
        this.offline = offline;
        this.event = event;
        this.ack = ack;
    }

    /** A stream wrote the event (its write callback succeeded). */
    void written() {
        if (written.compareAndSet(false, true)) {
            app.onDelivered(this);
        }
    }
}
