package io.rtm.core;

import io.rtm.core.error.RtmValidationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A peer-to-peer message: sent as user {@link #from()} to user {@link #to()}. Immutable and thread-safe.
 *
 * <pre>{@code
 * PeerMessage m = PeerMessage.builder().from("alice").to("bob").payload("hi").waitForAck(true).build();
 * }</pre>
 *
 * <p>{@code build()} only checks that required fields are present; the SPEC rules (characters, lengths,
 * payload size) are checked by the client's {@link io.rtm.core.spi.Validator} before sending.
 */
public final class PeerMessage {

    private final String from;
    private final String to;
    private final String payload;
    private final boolean waitForAck;
    private final boolean offline;
    private final boolean history;

    private PeerMessage(Builder b) {
        this.from = b.from;
        this.to = b.to;
        this.payload = b.payload;
        this.waitForAck = b.waitForAck;
        this.offline = b.offline;
        this.history = b.history;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder pre-filled with this message. */
    public Builder toBuilder() {
        return new Builder().from(from).to(to).payload(payload).waitForAck(waitForAck).offline(offline).history(history);
    }

    /** The sending user's ID ({@code user_id} in the URL path). */
    public String from() {
        return from;
    }

    /** The receiving user's ID ({@code destination}). */
    public String to() {
        return to;
    }

    /** The payload text ({@code payload}). */
    public String payload() {
        return payload;
    }

    /** Whether to wait for the receiver's acknowledgement ({@code ?wait_for_ack=true}). */
    public boolean waitForAck() {
        return waitForAck;
    }

    /** Whether to store the message if the receiver is offline ({@code enable_offline_messaging}). */
    public boolean offline() {
        return offline;
    }

    /** Whether to keep the message as history ({@code enable_historical_messaging}). */
    public boolean history() {
        return history;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PeerMessage m && from.equals(m.from) && to.equals(m.to) && payload.equals(m.payload)
                && waitForAck == m.waitForAck && offline == m.offline && history == m.history;
    }

    @Override
    public int hashCode() {
        return Objects.hash(from, to, payload, waitForAck, offline, history);
    }

    /** IDs and flags; the payload only by its length (it may be private). */
    @Override
    public String toString() {
        return "PeerMessage{from='" + from + "', to='" + to + "', payload=" + payload.length() + " chars, waitForAck="
                + waitForAck + ", offline=" + offline + ", history=" + history + '}';
    }

    /** Builds a {@link PeerMessage}. Not thread-safe. */
    public static final class Builder {
        private String from;
        private String to;
        private String payload;
        private boolean waitForAck;
        private boolean offline;
        private boolean history;

        private Builder() {
        }

        /** The sending user's ID. Required. */
        public Builder from(String from) {
            this.from = from;
            return this;
        }

        /** The receiving user's ID. Required. */
        public Builder to(String to) {
            this.to = to;
            return this;
        }

        /** The payload. Required, not empty, at most 32,768 UTF-8 bytes. */
        public Builder payload(String payload) {
            this.payload = payload;
            return this;
        }

        /** Wait for the receiver's acknowledgement (default false). */
        public Builder waitForAck(boolean waitForAck) {
            this.waitForAck = waitForAck;
            return this;
        }

        /** Store the message for an offline receiver (default false). */
        public Builder offline(boolean offline) {
            this.offline = offline;
            return this;
        }

        /** Keep the message as history (default false). */
        public Builder history(boolean history) {
            this.history = history;
            return this;
        }

        /**
         * Builds the message.
         *
         * @throws RtmValidationException naming every missing required field ({@code user_id},
         *                                {@code destination}, {@code payload}; rule {@code required})
         */
        public PeerMessage build() {
            List<Violation> missing = new ArrayList<>(0);
            Messages.require(missing, from, "user_id", "from");
            Messages.require(missing, to, "destination", "to");
            Messages.require(missing, payload, "payload", "payload");
            if (!missing.isEmpty()) {
                throw new RtmValidationException(missing);
            }
            return new PeerMessage(this);
        }
    }
}
