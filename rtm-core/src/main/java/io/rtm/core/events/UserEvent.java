package io.rtm.core.events;

import java.time.Instant;
import java.util.Objects;

/**
 * A user logged in or out ({@code GET /rtm/vendor/user_events}): {@link #userId()} ({@code user_id}),
 * {@link #type()} ({@value #LOGIN} or {@value #LOGOUT}, as the service wrote it), at {@link #timestamp()} ({@code ts},
 * milliseconds). Immutable.
 *
 * @param userId    the user ({@code user_id})
 * @param type      the service's {@code type}, as sent (a type this SDK does not know is kept as is)
 * @param timestamp when it happened ({@code ts})
 */
public record UserEvent(String userId, String type, Instant timestamp) {

    /** {@code type} of a login. */
    public static final String LOGIN = "Login";
    /** {@code type} of a logout. */
    public static final String LOGOUT = "Logout";

    /** Creates an event; every part is required. */
    public UserEvent {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(timestamp, "timestamp");
    }

    /** Whether the user logged in. */
    public boolean isLogin() {
        return LOGIN.equals(type);
    }

    /** Whether the user logged out. */
    public boolean isLogout() {
        return LOGOUT.equals(type);
    }
}
