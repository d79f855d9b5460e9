package io.rtm.core.spi;

import io.rtm.core.ChannelMessage;
import io.rtm.core.PeerMessage;
import io.rtm.core.Violation;
import io.rtm.core.history.HistoryFilter;
import java.util.List;

/**
 * Checks a message against the SPEC rules before anything is sent. Returns every violation (empty when
 * valid); the client turns a non-empty list into one {@link io.rtm.core.error.RtmValidationException}.
 * Thread-safe, allocation-light: it runs on every send.
 */
public interface Validator {

    /** Every violation of a peer message ({@code user_id}, {@code destination}, {@code payload}). */
    List<Violation> validate(PeerMessage message);

    /** Every violation of a channel message ({@code user_id}, {@code channel_name}, {@code payload}). */
    List<Violation> validate(ChannelMessage message);

    /**
     * Every violation of the IDs of a history filter: {@link HistoryFilter#source()} and
     * {@link HistoryFilter#destination()} when present (fields {@code source}, {@code destination}), by the same rules
     * as the IDs of a send. The client itself checks the rest of the filter (both absent, the times) and adds the
     * {@code filter.} prefix inside a query. Default: none (a validator written before history checks nothing here;
     * the service still refuses an invalid ID).
     */
    default List<Violation> validate(HistoryFilter filter) {
        return List.of();
    }
}
