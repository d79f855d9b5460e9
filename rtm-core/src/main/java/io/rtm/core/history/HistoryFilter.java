package io.rtm.core.history;

import io.rtm.core.Violation;
import io.rtm.core.error.RtmValidationException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which history messages a query or a count selects ({@code filter} of SPEC-HISTORY-EVENTS): those sent by
 * {@link #source()} (a user; absent: any sender) to {@link #destination()} (a user or a channel; absent: any), accepted
 * by the service between {@link #start()} and {@link #end()}, both inclusive at second precision. Immutable and
 * thread-safe.
 *
 * <pre>{@code
 * HistoryFilter f = HistoryFilter.builder().source("alice").destination("bob")
 *         .start(Instant.parse("2019-08-01T01:22:10Z")).end(Instant.parse("2019-08-01T01:32:10Z")).build();
 * }</pre>
 *
 * <p>{@code build()} only checks that the two times are present; every other rule is checked by the client before
 * anything is sent, all violations in one {@link RtmValidationException} (fields named as on the wire: {@code source},
 * {@code destination}, {@code start_time}, {@code end_time}; in a {@link HistoryQuery} with the {@code filter.} prefix):
 * <ul>
 *   <li>{@code source} and {@code destination} are not both absent (rule {@code source_or_destination});</li>
 *   <li>each present ID follows the same rules as the IDs of a send (the client's {@link io.rtm.core.spi.Validator}:
 *       e.g. {@code not_empty}, {@code max_length}, {@code allowed_characters});</li>
 *   <li>each time is a whole second (rule {@code whole_seconds}: the wire format {@code yyyy-mm-ddThh:mm:ssZ} has no
 *       fraction, and rounding would silently widen or narrow the range; use
 *       {@code instant.truncatedTo(ChronoUnit.SECONDS)}) within the years 0000 to 9999 (rule {@code format});</li>
 *   <li>{@code start} is not after {@code end} (rule {@code not_after_end_time}, on {@code start_time}).</li>
 * </ul>
 * A channel name given as {@code source} is a valid request: the service selects nothing (channels never send), and
 * the SDK sends it like any other (it cannot tell a channel's name from a user's).
 */
public final class HistoryFilter {

    private final String source;
    private final String destination;
    private final Instant start;
    private final Instant end;

    private HistoryFilter(Builder b) {
        this.source = b.source;
        this.destination = b.destination;
        this.start = b.start;
        this.end = b.end;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder pre-filled with this filter. */
    public Builder toBuilder() {
        return new Builder().source(source).destination(destination).start(start).end(end);
    }

    /** The sending user ({@code source}); empty: any sender. */
    public Optional<String> source() {
        return Optional.ofNullable(source);
    }

    /** The receiving user or channel ({@code destination}); empty: any receiver. */
    public Optional<String> destination() {
        return Optional.ofNullable(destination);
    }

    /** The first second of the range ({@code start_time}), inclusive. */
    public Instant start() {
        return start;
    }

    /** The last second of the range ({@code end_time}), inclusive: a message at {@code end + 0.9 s} is selected. */
    public Instant end() {
        return end;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HistoryFilter f && Objects.equals(source, f.source) && Objects.equals(destination, f.destination)
                && start.equals(f.start) && end.equals(f.end);
    }

    @Override
    public int hashCode() {
        return Objects.hash(source, destination, start, end);
    }

    @Override
    public String toString() {
        return "HistoryFilter{" + (source == null ? "" : "source='" + source + "', ")
                + (destination == null ? "" : "destination='" + destination + "', ") + "start=" + start + ", end=" + end + '}';
    }

    /** Builds a {@link HistoryFilter}. Not thread-safe. */
    public static final class Builder {
        private String source;
        private String destination;
        private Instant start;
        private Instant end;

        private Builder() {
        }

        /** The sending user; null (the default) for any sender. */
        public Builder source(String source) {
            this.source = source;
            return this;
        }

        /** The receiving user or channel; null (the default) for any receiver. */
        public Builder destination(String destination) {
            this.destination = destination;
            return this;
        }

        /** The first second of the range, inclusive. Required; a whole second. */
        public Builder start(Instant start) {
            this.start = start;
            return this;
        }

        /** The last second of the range, inclusive. Required; a whole second, not before {@code start}. */
        public Builder end(Instant end) {
            this.end = end;
            return this;
        }

        /**
         * Builds the filter.
         *
         * @throws RtmValidationException naming each missing time ({@code start_time}, {@code end_time}; rule
         *                                {@code required})
         */
        public HistoryFilter build() {
            List<Violation> missing = new ArrayList<>(0);
            if (start == null) {
                missing.add(new Violation("start_time", Violation.REQUIRED, "is required (builder method start(...))"));
            }
            if (end == null) {
                missing.add(new Violation("end_time", Violation.REQUIRED, "is required (builder method end(...))"));
            }
            if (!missing.isEmpty()) {
                throw new RtmValidationException(missing);
            }
            return new HistoryFilter(this);
        }
    }
}
