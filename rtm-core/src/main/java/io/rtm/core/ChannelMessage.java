package io.rtm.core;

import io.rtm.core.error.RtmValidationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A channel message: sent as user {@link #from()} to every online member of {@link #channel()}.
 * Immutable and thread-safe. {@code build()} only checks that required fields are present; the SPEC
 * rules are checked by the client's {@link io.rtm.core.spi.Validator} before sending.
 */
public final class ChannelMessage {

    private final String from;
    private final String channel;
    private final String payload;
    private final boolean history;

    private ChannelMessage(Builder b) {
        this.from = b.from;
        this.channel = b.channel;
        this.payload = b.payload;
        this.history = b.history;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder pre-filled with this message. */
    public Builder toBuilder() {
        return new Builder().from(from).channel(channel).payload(payload).history(history);
    }

    /** The sending user's ID ({@code user_id} in the URL path). */
    public String from() {
        return from;
    }

    /** The channel name ({@code channel_name}). */
    public String channel() {
        return channel;
    }

    /** The payload text ({@code payload}). */
    public String payload() {
        return payload;
    }

    /** Whether to keep the message as history ({@code enable_historical_messaging}). */
    public boolean history() {
        return history;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChannelMessage m && from.equals(m.from) && channel.equals(m.channel)
                && payload.equals(m.payload) && history == m.history;
    }

    @Override
    public int hashCode() {
        return Objects.hash(from, channel, payload, history);
    }

    /** IDs and flags; the payload only by its length. */
    @Override
    public String toString() {
        return "ChannelMessage{from='" + from + "', channel='" + channel + "', payload=" + payload.length()
                + " chars, history=" + history + '}';
    }

    /** Builds a {@link ChannelMessage}. Not thread-safe. */
    public static final class Builder {
        private String from;
        private String channel;
        private String payload;
        private boolean history;

        private Builder() {
        }

        /** The sending user's ID. Required. */
        public Builder from(String from) {
            this.from = from;
            return this;
        }

        /** The channel name. Required. */
        public Builder channel(String channel) {
            this.channel = channel;
            return this;
        }

        /** The payload. Required, not empty, at most 32,768 UTF-8 bytes. */
        public Builder payload(String payload) {
            this.payload = payload;
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
         *                                {@code channel_name}, {@code payload}; rule {@code required})
         */
        public ChannelMessage build() {
            List<Violation> missing = new ArrayList<>(0);
            Messages.require(missing, from, "user_id", "from");
            Messages.require(missing, channel, "channel_name", "channel");
            Messages.require(missing, payload, "payload", "payload");
            if (!missing.isEmpty()) {
                throw new RtmValidationException(missing);
            }
            return new ChannelMessage(this);
        }
    }
}
