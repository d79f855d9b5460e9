package io.rtm.emulator;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.rtm.core.Violation;
import io.rtm.validation.RtmValidator;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The parameters of a history call, read and checked (SPEC-HISTORY-EVENTS and its Decided 5): the body of
 * {@code POST /rtm/message/history/query} ({@code filter.*}, {@code offset}, {@code limit}, {@code order}) or the
 * query of {@code GET /rtm/message/history/count}. Every broken rule is a {@link Violation} naming the field as
 * the caller wrote it ({@code filter.start_time} in a body, {@code start_time} in a count's query); unknown
 * fields are ignored and {@code null} counts as absent.
 */
final class HistoryRequest {

    static final int DEFAULT_LIMIT = 20;
    static final Set<Integer> LIMITS = Set.of(20, 50, 100);

    private static final Pattern TIME_SHAPE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'")
            .withResolverStyle(ResolverStyle.STRICT);
    private static final RtmValidator RULES = RtmValidator.standard();

    /** A checked history query: valid when {@link #violations} is empty. */
    record Query(HistoryFilter filter, long offset, int limit, HistoryOrder order, List<Violation> violations) {
    }

    /** A checked count: valid when {@link #violations} is empty. */
    record Count(HistoryFilter filter, List<Violation> violations) {
    }

    private HistoryRequest() {
    }

    /**
     * Reads the body of a query.
     *
     * @throws SendBody.MalformedJsonException when the body is not one well-formed JSON object
     */
    static Query query(byte[] body) throws SendBody.MalformedJsonException {
        List<Violation> violations = new ArrayList<>();
        FilterFields f = new FilterFields("filter.");
        boolean filterRead = false;
        boolean filterWrongType = false;
        long offset = 0;
        int limit = DEFAULT_LIMIT;
        HistoryOrder order = HistoryOrder.ASC;
        try (JsonParser p = Json.FACTORY.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new SendBody.MalformedJsonException("the body must be a JSON object");
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                switch (name) {
                    case "filter":
                        if (v == JsonToken.START_OBJECT) {
                            filterRead = true;
                            f.read(p, violations);
                        } else {
                            filterWrongType = wrongType(v, "filter", "an object", violations);
                            p.skipChildren();
                        }
                        break;
                    case "offset":
                        if (v == JsonToken.VALUE_NUMBER_INT) {
                            offset = p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? Long.MAX_VALUE : p.getLongValue();
                            if (offset < 0) {
                                violations.add(new Violation("offset", Codes.RULE_MIN_VALUE, "must be 0 or more"));
                            }
                        } else {
                            wrongType(v, "offset", "an integer", violations);
                            p.skipChildren();
                        }
                        break;
                    case "limit":
                        if (v == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT
                                && LIMITS.contains(p.getIntValue())) {
                            limit = p.getIntValue();
                        } else if (v == JsonToken.VALUE_NUMBER_INT) {
                            violations.add(new Violation("limit", Codes.RULE_ALLOWED_VALUES, "must be 20, 50 or 100"));
                        } else {
                            wrongType(v, "limit", "an integer (20, 50 or 100)", violations);
                            p.skipChildren();
                        }
                        break;
                    case "order":
                        if (v == JsonToken.VALUE_STRING) {
                            Optional<HistoryOrder> o = HistoryOrder.of(p.getText());
                            if (o.isPresent()) {
                                order = o.get();
                            } else {
                                violations.add(new Violation("order", Codes.RULE_ALLOWED_VALUES, "must be asc or desc"));
                            }
                        } else {
                            wrongType(v, "order", "a string (asc or desc)", violations);
                            p.skipChildren();
                        }
                        break;
                    default:
                        p.skipChildren();
                }
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new SendBody.MalformedJsonException("the body is not one well-formed JSON object");
            }
        } catch (IOException e) {
            throw new SendBody.MalformedJsonException("the body is not well-formed JSON");
        }
        if (!filterRead) {
            if (!filterWrongType) {
                violations.add(0, new Violation("filter", Violation.REQUIRED, "is required"));
            }
            return new Query(null, offset, limit, order, violations);
        }
        HistoryFilter filter = f.check(violations);
        return new Query(filter, offset, limit, order, violations);
    }

    /** Reads the raw query of a count: {@code source}, {@code destination}, {@code start_time}, {@code end_time}. */
    static Count count(String rawQuery) {
        List<Violation> violations = new ArrayList<>();
        FilterFields f = new FilterFields("");
        Set<String> seen = new HashSet<>();
        for (QueryString.Pair pair : QueryString.parse(rawQuery)) {
            String name = pair.name();
            if (!FilterFields.NAMES.contains(name)) {
                continue;
            }
            if (!seen.add(name)) {
                violations.add(new Violation(name, Codes.RULE_SINGLE_VALUE, "must be given once"));
                continue;
            }
            Optional<String> value = PercentDecoding.decode(pair.rawValue());
            if (value.isEmpty()) {
                violations.add(Codes.badEncoding(name));
                f.set(name, null, true);
            } else {
                f.set(name, value.get(), false);
            }
        }
        HistoryFilter filter = f.check(violations);
        return new Count(filter, violations);
    }

    private static boolean wrongType(JsonToken v, String field, String expected, List<Violation> violations) {
        if (v == JsonToken.VALUE_NULL) {
            return false;
        }
        violations.add(new Violation(field, Codes.RULE_TYPE, "must be " + expected));
        return true;
    }

    /** The four filter fields, as read; {@link #check} applies the rules. */
    private static final class FilterFields {
        static final Set<String> NAMES = Set.of("source", "destination", "start_time", "end_time");

        final String prefix;
        String source;
        String destination;
        String startTime;
        String endTime;
        /** Fields already refused (wrong type, bad encoding): no further rule is reported for them. */
        final Set<String> refused = new HashSet<>();

        FilterFields(String prefix) {
            this.prefix = prefix;
        }

        void set(String name, String value, boolean isRefused) {
            if (isRefused) {
                refused.add(name);
            }
            switch (name) {
                case "source":
                    source = value;
                    break;
                case "destination":
                    destination = value;
                    break;
                case "start_time":
                    startTime = value;
                    break;
                default:
                    endTime = value;
            }
        }

        /** Reads the members of the {@code filter} object (the parser is on its START_OBJECT). */
        void read(JsonParser p, List<Violation> violations) throws IOException {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (!NAMES.contains(name)) {
                    p.skipChildren();
                } else if (v == JsonToken.VALUE_STRING) {
                    set(name, p.getText(), false);
                } else {
                    set(name, null, wrongType(v, prefix + name, "a string", violations));
                    p.skipChildren();
                }
            }
        }

        HistoryFilter check(List<Violation> violations) {
            Optional<String> src = id("source", source, violations);
            Optional<String> dst = id("destination", destination, violations);
            if (src.isEmpty() && dst.isEmpty() && !refused.contains("source") && !refused.contains("destination")
                    && absent(source) && absent(destination)) {
                violations.add(new Violation(prefix + "source", Codes.RULE_SOURCE_OR_DESTINATION,
                        prefix + "source and " + prefix + "destination must not both be empty"));
            }
            Instant start = time("start_time", startTime, violations);
            Instant end = time("end_time", endTime, violations);
            if (start != null && end != null && start.isAfter(end)) {
                violations.add(new Violation(prefix + "start_time", Codes.RULE_NOT_AFTER_END_TIME,
                        "must not be after " + prefix + "end_time"));
            }
            return violations.isEmpty() ? new HistoryFilter(src, dst, start, end) : null;
        }

        private static boolean absent(String value) {
            return value == null || value.isEmpty();
        }

        /** A user ID or channel name: absent when null or empty, else the ID rules of the service. */
        private Optional<String> id(String name, String value, List<Violation> violations) {
            if (absent(value)) {
                return Optional.empty();
            }
            int before = violations.size();
            RULES.checkId(prefix + name, value, violations);
            return violations.size() == before ? Optional.of(value) : Optional.empty();
        }

        /** Exactly {@code yyyy-mm-ddThh:mm:ssZ}, a real UTC date and time; null after a violation. */
        private Instant time(String name, String value, List<Violation> violations) {
            if (refused.contains(name)) {
                return null;
            }
            if (value == null) {
                violations.add(new Violation(prefix + name, Violation.REQUIRED, "is required"));
                return null;
            }
            if (TIME_SHAPE.matcher(value).matches()) {
                try {
                    return LocalDateTime.parse(value, TIME).toInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException e) {
                    // not a real date or time, e.g. 2019-02-30 or 24:00:00
                }
            }
            violations.add(new Violation(prefix + name, Codes.RULE_FORMAT,
                    "must be a UTC time exactly as yyyy-mm-ddThh:mm:ssZ"));
            return null;
        }
    }
}
