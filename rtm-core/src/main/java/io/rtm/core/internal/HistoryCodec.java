package io.rtm.core.internal;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import io.rtm.core.history.HistoryFilter;
import io.rtm.core.history.HistoryMessage;
import io.rtm.core.history.HistoryOrder;
import io.rtm.core.history.HistoryQuery;
import io.rtm.core.spi.HttpResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The wire format of the history operations (SPEC-HISTORY-EVENTS): the query's body, the count's query string, times
 * as exactly {@code yyyy-mm-ddThh:mm:ssZ}, and their replies. Requests are encoded only after {@link HistoryRules}
 * passed them (whole seconds within years 0000-9999, well-formed strings). Thread-safe.
 */
final class HistoryCodec {

    /** Where a created query's {@code location} points, before its handle. */
    static final String LOCATION_PREFIX = "~/rtm/message/history/query/";

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8) // as JsonCodec: 4 UTF-8 bytes, not 2 escapes
            .build();

    private HistoryCodec() {
    }

    /** {@code 2019-08-01T01:22:10Z}. */
    static String time(Instant t) {
        return TIME.format(t);
    }

    /**
     * {@code {"filter":{"source":…,"destination":…,"start_time":…,"end_time":…},"offset":…,"limit":…,"order":…}}: the
     * published example's order; an absent source or destination is left out; offset, limit and order always sent.
     */
    static byte[] queryBody(HistoryQuery q) {
        HistoryFilter f = q.filter();
        ByteArrayOutputStream out = new ByteArrayOutputStream(192);
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeObjectFieldStart("filter");
            if (f.source().isPresent()) {
                g.writeStringField("source", f.source().get());
            }
            if (f.destination().isPresent()) {
                g.writeStringField("destination", f.destination().get());
            }
            g.writeStringField("start_time", time(f.start()));
            g.writeStringField("end_time", time(f.end()));
            g.writeEndObject();
            g.writeNumberField("offset", q.offset());
            g.writeNumberField("limit", q.limit());
            g.writeStringField("order", q.order().wireName());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory, strings checked first: not expected
        }
        return out.toByteArray();
    }

    /**
     * {@code ?source=…&destination=…&start_time=…&end_time=…}, each value percent-encoded as a query component
     * (everything but {@code A-Z a-z 0-9 - . _ ~}, as path segments are: {@code :} is {@code %3A}, a space {@code %20},
     * {@code +} {@code %2B}); an absent source or destination is left out (Decided 6).
     */
    static String countQuery(HistoryFilter f) {
        StringBuilder sb = new StringBuilder(96).append('?');
        if (f.source().isPresent()) {
            sb.append("source=").append(PathSegments.encode(f.source().get())).append('&');
        }
        if (f.destination().isPresent()) {
            sb.append("destination=").append(PathSegments.encode(f.destination().get())).append('&');
        }
        sb.append("start_time=").append(PathSegments.encode(time(f.start())));
        sb.append("&end_time=").append(PathSegments.encode(time(f.end())));
        return sb.toString();
    }

    /**
     * What the service said when it created a query: the handle of its {@code location}, and the {@code offset},
     * {@code limit} and {@code order} it applied (null when the reply did not say).
     */
    record Created(String handle, Long offset, Integer limit, HistoryOrder order) {
    }

    /** The reply to {@code POST /rtm/message/history/query}. */
    static Created created(HttpResponse response, int attempts) {
        String label = Operations.HISTORY_QUERY.label;
        ReplyJson.Unreadable fail = ReplyJson.unreadable(label, response, attempts);
        Map<String, Object> reply = ReplyJson.object(label, response, attempts);
        String location = ReplyJson.string(reply, "location", fail);
        String handle = location.startsWith(LOCATION_PREFIX)
                ? PathSegments.decode(location.substring(LOCATION_PREFIX.length())) : null;
        if (handle == null || handle.isEmpty() || handle.indexOf('/') >= 0) {
            throw fail.because("\"location\" is not " + LOCATION_PREFIX + "<handle>");
        }
        Long offset = reply.containsKey("offset") ? ReplyJson.integer(reply, "offset", fail) : null;
        Integer limit = null;
        if (reply.containsKey("limit")) {
            long l = ReplyJson.integer(reply, "limit", fail);
            if (l < 1 || l > Integer.MAX_VALUE) {
                throw fail.because("\"limit\" is not a page size: " + l); // offset + limit must move forward
            }
            limit = (int) l;
        }
        HistoryOrder order = null;
        if (reply.containsKey("order")) {
            String o = ReplyJson.string(reply, "order", fail);
            for (HistoryOrder candidate : HistoryOrder.values()) {
                if (candidate.wireName().equals(o)) {
                    order = candidate;
                }
            }
            if (order == null) {
                throw fail.because("\"order\" is neither asc nor desc");
            }
        }
        return new Created(handle, offset, limit, order);
    }

    /** The reply to {@code GET /rtm/message/history/query/{handle}}: in progress, or the page's messages. */
    static Poll<List<HistoryMessage>> page(HttpResponse response, int attempts) {
        String label = Operations.HISTORY_READ.label;
        ReplyJson.Unreadable fail = ReplyJson.unreadable(label, response, attempts);
        Map<String, Object> reply = ReplyJson.object(label, response, attempts);
        if (Poll.IN_PROGRESS_CODE.equals(reply.get("code"))) {
            return Poll.inProgress();
        }
        List<Map<String, Object>> messages = ReplyJson.objects(reply, "messages", fail);
        List<HistoryMessage> out = new ArrayList<>(messages.size());
        for (Map<String, Object> m : messages) {
            out.add(new HistoryMessage(ReplyJson.string(m, "src", fail), ReplyJson.string(m, "dst", fail),
                    ReplyJson.string(m, "message_type", fail), ReplyJson.string(m, "payload", fail),
                    Instant.ofEpochMilli(ReplyJson.integer(m, "ms", fail))));
        }
        return Poll.ready(List.copyOf(out));
    }

    /** The reply to {@code GET /rtm/message/history/count}: in progress, or the count. */
    static Poll<Long> count(HttpResponse response, int attempts) {
        String label = Operations.HISTORY_COUNT.label;
        ReplyJson.Unreadable fail = ReplyJson.unreadable(label, response, attempts);
        Map<String, Object> reply = ReplyJson.object(label, response, attempts);
        if (Poll.IN_PROGRESS_CODE.equals(reply.get("code"))) {
            return Poll.inProgress();
        }
        long count = ReplyJson.integer(reply, "count", fail);
        if (count < 0) {
            throw fail.because("\"count\" is negative");
        }
        return Poll.ready(count);
    }
}
