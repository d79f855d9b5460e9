package io.rtm.emulator;

import java.util.Map;

/**
 * Counters of one app since start or the last {@link RtmEmulator#reset()}. Immutable snapshot.
 *
 * @param requests           calls to the two send APIs of this app (whatever their outcome)
 * @param accepted           messages accepted
 * @param byStatus           responses by HTTP status (a dropped connection has no status and is not here)
 * @param droppedConnections connections closed without a response by fault injection
 * @param droppedMessages    accepted peer messages to an offline receiver without
 *                           {@code enable_offline_messaging}, which nobody will ever receive
 */
public record AppStats(long requests, long accepted, Map<Integer, Long> byStatus, long droppedConnections,
        long droppedMessages) {

    /** Copies the map. */
    public AppStats {
        byStatus = Map.copyOf(byStatus);
    }

    /** How many responses had this HTTP status. */
    public long status(int httpStatus) {
        return byStatus.getOrDefault(httpStatus, 0L);
    }
}
