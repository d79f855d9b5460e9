package io.rtm.emulator;

import java.time.Instant;
import java.util.Objects;

/**
 * One user event of the events API ({@code GET /rtm/vendor/user_events}): a user logged in (its first receiver
 * connection opened) or out (its last one closed). Immutable.
 *
 * @param userId the user
 * @param type   {@link Type#LOGIN} or {@link Type#LOGOUT}
 * @param ts     when, in milliseconds since the epoch on the emulator's clock
 */
public record UserEvent(String userId, Type type, long ts) {

    /** What happened. */
    public enum Type {
        /** The user's first receiver connection opened: {@code "Login"}. */
        LOGIN("Login"),
        /** The user's last receiver connection closed: {@code "Logout"}. */
        LOGOUT("Logout");

        private final String wireName;

        Type(String wireName) {
            this.wireName = wireName;
        }

        /** The {@code type} on the wire: {@code Login} or {@code Logout}. */
        public String wireName() {
            return wireName;
        }
    }

    /** Checks that every part is present. */
    public UserEvent {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(type, "type");
    }

    /** {@link #ts} as an instant. */
    public Instant time() {
        return Instant.ofEpochMilli(ts);
    }

    /** {@code "<user_id> <Type>"}, e.g. {@code "bob Login"}: the form the JUnit assertions compare. */
    public String brief() {
        return userId + ' ' + type.wireName;
    }
}
