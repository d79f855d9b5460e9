package io.rtm.emulator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** The {@code order} of a history query: oldest first (the default) or newest first. */
enum HistoryOrder {
    ASC("asc") {
        @Override
        <T> List<T> arrange(List<T> oldestFirst) {
            return oldestFirst;
        }
    },
    DESC("desc") {
        @Override
        <T> List<T> arrange(List<T> oldestFirst) {
            List<T> out = new ArrayList<>(oldestFirst);
            Collections.reverse(out);
            return out;
        }
    };

    final String wireName;

    HistoryOrder(String wireName) {
        this.wireName = wireName;
    }

    /** The messages in this order, given them oldest first. */
    abstract <T> List<T> arrange(List<T> oldestFirst);

    static Optional<HistoryOrder> of(String wireName) {
        for (HistoryOrder o : values()) {
            if (o.wireName.equals(wireName)) {
                return Optional.of(o);
            }
        }
        return Optional.empty();
    }
}
