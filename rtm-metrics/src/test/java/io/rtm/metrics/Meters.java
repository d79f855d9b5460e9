package io.rtm.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/** Reads a registry as "tag=value,..." → count, so a test can assert every series of a meter exactly. */
final class Meters {

    private Meters() {
    }

    /** Every series of the named timer or counter: its tags (sorted by key, "k=v" joined by ",") → its count. */
    static Map<String, Long> series(MeterRegistry registry, String name) {
        Map<String, Long> out = new TreeMap<>();
        for (Meter m : registry.find(name).meters()) {
            long count;
            if (m instanceof Timer t) {
                count = t.count();
            } else if (m instanceof Counter c) {
                count = (long) c.count();
            } else {
                throw new AssertionError(name + " is neither a timer nor a counter: " + m);
            }
            out.put(tags(m), count);
        }
        return out;
    }

    /** The tags of a meter, "k=v" sorted by key and joined by ",". */
    static String tags(Meter m) {
        StringJoiner j = new StringJoiner(",");
        for (Tag t : m.getId().getTags()) {
            j.add(t.getKey() + "=" + t.getValue());
        }
        return j.toString();
    }

    /** The value of the in-flight gauge of this API. */
    static double inflight(MeterRegistry registry, String api) {
        return registry.get(RtmMetrics.INFLIGHT).tag(RtmMetrics.TAG_API, api).gauge().value();
    }
}
