package io.rtm.emulator;

import java.util.concurrent.CompletableFuture;

/** A {@code wait_for_ack=true} call waiting for its receiver: completes once, with how the message ended up. */
final class PendingAck {

    /** How a waiting call ends. */
    enum Outcome {
        /** Acknowledged by the receiver (AUTO: a live stream took the event): {@code message_delivered}. */
        DELIVERED,
        /** No live stream of the receiver took it: {@code message_offline}. */
        OFFLINE,
        /** Not acknowledged within {@code ackTimeout}: {@code 408 ack_timeout}. */
        TIMED_OUT
    }

    final String messageId;
    final String recipient;
    final CompletableFuture<Outcome> outcome = new CompletableFuture<>();

    PendingAck(String messageId, String recipient) {
        this.messageId = messageId;
        this.recipient = recipient;
    }

    /** Ends the wait; false when it already ended. */
    boolean complete(Outcome how) {
        return outcome.complete(how);
    }
}
