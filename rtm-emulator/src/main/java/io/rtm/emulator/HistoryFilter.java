package io.rtm.emulator;

import java.time.Instant;
import java.util.Optional;

/**
 * Which history messages a query or count selects (SPEC-HISTORY-EVENTS): sent by {@code source} (a user; absent =
 * any), to {@code destination} (a user or a channel; absent = any), accepted within
 * {@code [start, end]} at second precision (a message at 01:32:10.900 is within an {@code end_time} of
 * 01:32:10). Names are matched literally: a channel never sends, so a channel as source selects nothing.
 * Immutable.
 */
record HistoryFilter(Optional<String> source, Optional<String> destination, Instant start, Instant end) {

    boolean matches(AcceptedMessage m) {
        return source.map(m.from()::equals).orElse(true)
                && destination.map(m.to()::equals).orElse(true)
                && !m.sentAt().isBefore(start)
                && m.sentAt().isBefore(end.plusSeconds(1));
    }
}
