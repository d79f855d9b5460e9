package io.rtm.core.internal;

import io.rtm.core.Violation;
import io.rtm.core.history.HistoryFilter;
import io.rtm.core.history.HistoryQuery;
import io.rtm.core.spi.Validator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules a history request must follow before it is sent (SPEC-HISTORY-EVENTS and its Decided 5), every broken one
 * reported, in field order. The IDs' own rules are the client's {@link Validator}'s (the same as for sends); the rest
 * is the SDK's, whatever the validator: the table's combinations, the times' wire format, the page size and offset.
 * Fields are named as on the wire: {@code source} for a count, {@code filter.source} inside a query.
 */
final class HistoryRules {

    static final String SOURCE_OR_DESTINATION = "source_or_destination";
    static final String WHOLE_SECONDS = "whole_seconds";
    static final String FORMAT = "format";
    static final String NOT_AFTER_END_TIME = "not_after_end_time";
    static final String ALLOWED_VALUES = "allowed_values";
    static final String MIN_VALUE = "min_value";

    /** The first and last instants {@code yyyy-mm-ddThh:mm:ssZ} can write. */
    private static final Instant FIRST = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant LAST = Instant.parse("9999-12-31T23:59:59Z");

    private HistoryRules() {
    }

    /** Every violation of a count's filter (fields {@code source}, ..., {@code end_time}). */
    static List<Violation> validate(Validator validator, HistoryFilter filter) {
        List<Violation> out = new ArrayList<>(0);
        checkFilter(validator, filter, "", out);
        return out;
    }

    /** Every violation of a query (fields {@code filter.source}, ..., {@code offset}, {@code limit}). */
    static List<Violation> validate(Validator validator, HistoryQuery query) {
        List<Violation> out = new ArrayList<>(0);
        checkFilter(validator, query.filter(), "filter.", out);
        if (query.offset() < 0) {
            out.add(new Violation("offset", MIN_VALUE, "must be 0 or more, got " + query.offset()));
        }
        if (!HistoryQuery.LIMITS.contains(query.limit())) {
            out.add(new Violation("limit", ALLOWED_VALUES, "must be 20, 50 or 100 (the page sizes the service accepts), got "
                    + query.limit()));
        }
        return out;
    }

    private static void checkFilter(Validator validator, HistoryFilter f, String prefix, List<Violation> out) {
        if (f.source().isEmpty() && f.destination().isEmpty()) {
            out.add(new Violation(prefix + "source", SOURCE_OR_DESTINATION, "source and destination must not both be absent: "
                    + "give the sending user, the receiving user or channel, or both"));
        }
        // The encoder needs well-formed strings whatever the validator does (an unpaired surrogate has no UTF-8 form).
        boolean wellFormed = true;
        if (f.source().isPresent() && !JsonCodec.isWellFormed(f.source().get())) {
            out.add(JsonCodec.malformed(prefix + "source"));
            wellFormed = false;
        }
        if (f.destination().isPresent() && !JsonCodec.isWellFormed(f.destination().get())) {
            out.add(JsonCodec.malformed(prefix + "destination"));
            wellFormed = false;
        }
        if (wellFormed) {
            for (Violation v : validator.validate(f)) {
                out.add(prefix.isEmpty() ? v : new Violation(prefix + v.field(), v.rule(), v.message()));
            }
        }
        boolean startOk = checkTime(prefix + "start_time", f.start(), out);
        boolean endOk = checkTime(prefix + "end_time", f.end(), out);
        if (startOk && endOk && f.start().isAfter(f.end())) {
            out.add(new Violation(prefix + "start_time", NOT_AFTER_END_TIME, "must not be after " + prefix + "end_time ("
                    + HistoryCodec.time(f.start()) + " is after " + HistoryCodec.time(f.end()) + ")"));
        }
    }

    /** Whole seconds within years 0000-9999; returns whether the time is usable. */
    private static boolean checkTime(String field, Instant t, List<Violation> out) {
        if (t.isBefore(FIRST) || t.isAfter(LAST)) {
            out.add(new Violation(field, FORMAT, "must be within the years 0000 to 9999 to be written as "
                    + "yyyy-mm-ddThh:mm:ssZ, got " + t));
            return false;
        }
        if (t.getNano() != 0) {
            out.add(new Violation(field, WHOLE_SECONDS, "has a fraction of a second (" + t + "); the service takes whole "
                    + "seconds (yyyy-mm-ddThh:mm:ssZ) and rounding would change the range: pass "
                    + "instant.truncatedTo(ChronoUnit.SECONDS)"));
            return false;
        }
        return true;
    }
}
