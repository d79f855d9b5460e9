package io.rtm.core.history;

/** The order of a history query's messages ({@code order}): oldest first (the service's default) or newest first. */
public enum HistoryOrder {
    /** {@code asc}: oldest first. */
    ASC("asc"),
    /** {@code desc}: newest first. */
    DESC("desc");

    private final String wireName;

    HistoryOrder(String wireName) {
        this.wireName = wireName;
    }

    /** The value sent in {@code order}: {@code asc} or {@code desc}. */
    public String wireName() {
        return wireName;
    }
}
