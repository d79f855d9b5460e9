package io.rtm.core.events;

import java.time.Instant;
import java.util.Objects;

/**
 * A user joined or left a channel ({@code GET /rtm/vendor/channel_events}): {@link #channelId()}
 * ({@code channel_id}), {@link #userId()} ({@code user_id}), {@link #type()} ({@value #JOIN} or {@value #LEAVE}, as
 * the service wrote it), at {@link #timestamp()} ({@code ts}, milliseconds). Immutable.
 *
 * @param channelId the channel ({@code channel_id})
 * @param userId    the user ({@code user_id})
 * @param type      the service's {@code type}, as sent (a type this SDK does not know is kept as is)
 * @param timestamp when it happened ({@code ts})
 */
public record ChannelEvent(String channelId, String userId, String type, Instant timestamp) {

    /** {@code type} of a join. */
    public static final String JOIN = "Join";
    /** {@code type} of a leave. */
    public static final String LEAVE = "Leave";

    /** Creates an event; every part is required. */
    public ChannelEvent {
        Objects.requireNonNull(channelId, "channelId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(timestamp, "timestamp");
    }

    /** Whether the user joined the channel. */
    public boolean isJoin() {
        return JOIN.equals(type);
    }

    /** Whether the user left the channel. */
    public boolean isLeave() {
        return LEAVE.equals(type);
    }
}
