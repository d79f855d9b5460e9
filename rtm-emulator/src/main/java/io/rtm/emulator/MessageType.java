package io.rtm.emulator;

/** The two kinds of message the service carries, with their names on the wire. */
public enum MessageType {
    /** Sent with {@code POST .../peer_messages} to one user. */
    PEER("peer", "to", "peer_message"),
    /** Sent with {@code POST .../channel_messages} to the members of a channel. */
    CHANNEL("channel", "channel", "channel_message");

    private final String eventType;
    private final String eventTargetField;
    private final String historyType;

    MessageType(String eventType, String eventTargetField, String historyType) {
        this.eventType = eventType;
        this.eventTargetField = eventTargetField;
        this.historyType = historyType;
    }

    /** The {@code type} of a receiver's SSE event: {@code peer} or {@code channel}. */
    String eventType() {
        return eventType;
    }

    /** The field of a receiver's SSE event that names the target: {@code to} (a user) or {@code channel}. */
    String eventTargetField() {
        return eventTargetField;
    }

    /** The {@code message_type} of the history API: {@code peer_message} or {@code channel_message}. */
    String historyType() {
        return historyType;
    }
}
