package io.rtm.emulator;

import java.util.concurrent.CompletableFuture;

/** A {@code wait_for_ack=true} call waiting for its receiver: completes true when acknowledged, false on timeout. */
final class PendingAck {

    final String messageId;
    final String recipient;
    final CompletableFuture<Boolean> outcome = new CompletableFuture<>();

    PendingAck(String messageId, String recipient) {
        this.messageId = messageId;
        this.recipient = recipient;
    }

    /** Acknowledges; false when it already completed (acknowledged or timed out). */
    boolean acknowledge() {
        return outcome.complete(Boolean.TRUE);
    }

    boolean timeOut() {
        return outcome.complete(Boolean.FALSE);
    }
}
