package io.rtm.emulator;

import java.util.ArrayList;
import java.util.List;

/**
 * The raw query of a request as name/value pairs, in order. Values stay raw (percent-encoded): each caller decodes
 * exactly once with {@link PercentDecoding} ({@code +} stays {@code +}), after splitting where it must (e.g.
 * {@code channels} on raw commas).
 */
final class QueryString {

    /** One {@code name=value} of the query; {@code rawValue} is empty for a bare {@code name}. */
    record Pair(String name, String rawValue) {
    }

    private QueryString() {
    }

    static List<Pair> parse(String rawQuery) {
        List<Pair> out = new ArrayList<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return out;
        }
        for (String pair : rawQuery.split("&", -1)) {
            int eq = pair.indexOf('=');
            out.add(eq < 0 ? new Pair(pair, "") : new Pair(pair.substring(0, eq), pair.substring(eq + 1)));
        }
        return out;
    }
}
