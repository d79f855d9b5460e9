package io.rtm.emulator;

/** The two send APIs the emulator serves. Each has its own rate limit and path. */
public enum Api {
    /** {@code POST /rtm/users/{user_id}/peer_messages}. */
    PEER("peer_messages"),
    /** {@code POST /rtm/users/{user_id}/channel_messages}. */
    CHANNEL("channel_messages");

    private final String pathSuffix;

    Api(String pathSuffix) {
        this.pathSuffix = pathSuffix;
    }

    /** The last path segment of this API. */
    public String pathSuffix() {
        return pathSuffix;
    }
}
