package io.rtm.emulator.junit;

import io.rtm.emulator.RtmEmulator;
import java.time.Duration;
import org.opentest4j.AssertionFailedError;

/** Assertions on one user of the extension's app. Thread-safe. */
public final class UserAssert {

    private final RtmEmulator emulator;
    private final String appId;
    private final String userId;
    private final Duration timeout;

    UserAssert(RtmEmulator emulator, String appId, String userId, Duration timeout) {
        this.emulator = emulator;
        this.appId = appId;
        this.userId = userId;
        this.timeout = timeout;
    }

    /** The messages delivered to the user's receivers, in delivery order. */
    public MessagesAssert received() {
        return new MessagesAssert("user '" + userId + "' received", () -> emulator.delivered(appId, userId), timeout);
    }

    /** The offline messages stored for the user. */
    public MessagesAssert stored() {
        return new MessagesAssert("user '" + userId + "' stored", () -> emulator.stored(appId, userId), timeout);
    }

    /** Waits until the user has an open receiver connection. */
    public UserAssert isOnline() {
        return online(true);
    }

    /** Waits until the user has no open receiver connection. */
    public UserAssert isOffline() {
        return online(false);
    }

    private UserAssert online(boolean expected) {
        boolean actual = Polling.await(() -> emulator.isOnline(appId, userId), v -> v == expected, v -> false, timeout);
        if (actual != expected) {
            throw new AssertionFailedError("user '" + userId + "' expected " + (expected ? "online" : "offline")
                    + " within " + timeout.toMillis() + " ms", expected, actual);
        }
        return this;
    }
}
