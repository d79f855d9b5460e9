package io.rtm.core.history;

import java.time.Instant;
import java.util.Objects;

/**
 * One message of the history: sent by {@link #source()} ({@code src}) to {@link #destination()} ({@code dst}, a user
 * or a channel), of {@link #messageType()} ({@code message_type}: {@value #PEER_MESSAGE} or {@value #CHANNEL_MESSAGE},
 * as the service wrote it), with its {@link #payload()}, accepted by the service at {@link #timestamp()} ({@code ms},
 * millisecond precision). Immutable.
 *
 * @param source      the sending user ({@code src})
 * @param destination the receiving user or channel ({@code dst})
 * @param messageType the service's {@code message_type}, as sent (a type this SDK does not know is kept as is)
 * @param payload     the text ({@code payload})
 * @param timestamp   when the service accepted the message ({@code ms})
 */
public record HistoryMessage(String source, String destination, String messageType, String payload, Instant timestamp) {

    /** {@code message_type} of a peer-to-peer message. */
    public static final String PEER_MESSAGE = "peer_message";
    /** {@code message_type} of a channel message. */
    public static final String CHANNEL_MESSAGE = "channel_message";

    /** Creates a message; every part is required. */
    public HistoryMessage {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(messageType, "messageType");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(timestamp, "timestamp");
    }

    /** Whether it is a peer-to-peer message ({@value #PEER_MESSAGE}). */
    public boolean isPeerMessage() {
        return PEER_MESSAGE.equals(messageType);
    }

    /** Whether it is a channel message ({@value #CHANNEL_MESSAGE}): {@link #destination()} is the channel. */
    public boolean isChannelMessage() {
        return CHANNEL_MESSAGE.equals(messageType);
    }

    /** IDs, type and time; the payload only by its length (it may be private). */
    @Override
    public String toString() {
        return "HistoryMessage{source='" + source + "', destination='" + destination + "', messageType=" + messageType
                + ", payload=" + payload.length() + " chars, timestamp=" + timestamp + '}';
    }
}
