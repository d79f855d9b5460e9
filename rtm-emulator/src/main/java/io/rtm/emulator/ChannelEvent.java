package io.rtm.emulator;

import java.time.Instant;
import java.util.Objects;

/**
 * One channel event of the events API ({@code GET /rtm/vendor/channel_events}): a user joined a channel (the
 * first of its open receiver connections that lists the channel opened) or left it (the last such one closed).
 * Immutable.
 *
 * @param channelId the channel
 * @param userId    the user
 * @param type      {@link Type#JOIN} or {@link Type#LEAVE}
 * @param ts        when, in milliseconds since the epoch on the emulator's clock
 */
public record ChannelEvent(String channelId, String userId, Type type, long ts) {

    /** What happened. */
    public enum Type {
        /** The user became a member of the channel: {@code "Join"}. */
        JOIN("Join"),
        /** The user is no longer a member: {@code "Leave"}. */
        LEAVE("Leave");

        private final String wireName;

        Type(String wireName) {
            this.wireName = wireName;
        }

        /** The {@code type} on the wire: {@code Join} or {@code Leave}. */
        public String wireName() {
            return wireName;
        }
    }

    /** Checks that every part is present. */
    public ChannelEvent {
        Objects.requireNonNull(channelId, "channelId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(type, "type");
    }

    /** {@link #ts} as an instant. */
    public Instant time() {
        return Instant.ofEpochMilli(ts);
    }

    /** {@code "<channel_id> <user_id> <Type>"}, e.g. {@code "room bob Join"}: the form the JUnit assertions compare. */
    public String brief() {
        return channelId + ' ' + userId + ' ' + type.wireName;
    }
}
