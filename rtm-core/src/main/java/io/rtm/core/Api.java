package io.rtm.core;

/** The two send APIs of the service. Each has its own rate limit and URI template. */
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

    /** The low-cardinality URI template, e.g. for metrics tags. */
    public String uriTemplate() {
        return "/dev/v2/project/{appid}/rtm/users/{user_id}/" + pathSuffix;
    }
}
