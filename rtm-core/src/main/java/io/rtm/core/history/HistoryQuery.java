package io.rtm.core.history;

import java.util.List;
import java.util.Objects;

/**
 * A history query ({@code POST /rtm/message/history/query}): the messages of a {@link HistoryFilter} in an
 * {@link #order()}, {@link #limit()} at a time (20, 50 or 100: the page size), starting at {@link #offset()} (the
 * index of the first message within the filter's time range). Each page is one query; the next page is the same query
 * at {@code offset + limit}, and a page shorter than {@code limit} is the last (SPEC-HISTORY-EVENTS, Decided 4). The
 * clients' auto-paging readers start here and follow the pages to the end. Immutable and thread-safe.
 *
 * <pre>{@code
 * HistoryQuery q = HistoryQuery.builder(filter).order(HistoryOrder.DESC).limit(100).build();
 * }</pre>
 *
 * <p>The client checks before sending, with the filter's rules (fields {@code filter.source}, ...): {@code limit} is
 * one of {@link #LIMITS} (rule {@code allowed_values}) and {@code offset} is 0 or more (rule {@code min_value}).
 * {@code offset}, {@code limit} and {@code order} are always sent, defaults included.
 *
 * <p>Paging by offset reads a moving range when messages keep arriving within it: newest-first pages shift (a message
 * may be read twice), so for an exact read choose an {@code end} in the past.
 */
public final class HistoryQuery {

    /** The page sizes the service accepts. */
    public static final List<Integer> LIMITS = List.of(20, 50, 100);
    /** The default page size (the service's default). */
    public static final int DEFAULT_LIMIT = 20;

    private final HistoryFilter filter;
    private final HistoryOrder order;
    private final int limit;
    private final long offset;

    private HistoryQuery(HistoryFilter filter, HistoryOrder order, int limit, long offset) {
        this.filter = Objects.requireNonNull(filter, "filter");
        this.order = Objects.requireNonNull(order, "order");
        this.limit = limit;
        this.offset = offset;
    }

    /** A query of the filter's messages, oldest first, 20 per page, from the first. */
    public static HistoryQuery of(HistoryFilter filter) {
        return new HistoryQuery(filter, HistoryOrder.ASC, DEFAULT_LIMIT, 0);
    }

    /** A builder for a query of the filter's messages (defaults: {@code asc}, 20 per page, offset 0). */
    public static Builder builder(HistoryFilter filter) {
        return new Builder(Objects.requireNonNull(filter, "filter"));
    }

    /** A builder pre-filled with this query. */
    public Builder toBuilder() {
        return new Builder(filter).order(order).limit(limit).offset(offset);
    }

    /** The messages to select ({@code filter}). */
    public HistoryFilter filter() {
        return filter;
    }

    /** Oldest or newest first ({@code order}). */
    public HistoryOrder order() {
        return order;
    }

    /** The page size ({@code limit}): 20, 50 or 100. */
    public int limit() {
        return limit;
    }

    /** The index of the page's first message within the time range ({@code offset}). */
    public long offset() {
        return offset;
    }

    /** This query at another offset (e.g. the next page: {@code offset() + limit()}). */
    public HistoryQuery withOffset(long offset) {
        return new HistoryQuery(filter, order, limit, offset);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HistoryQuery q && filter.equals(q.filter) && order == q.order && limit == q.limit && offset == q.offset;
    }

    @Override
    public int hashCode() {
        return Objects.hash(filter, order, limit, offset);
    }

    @Override
    public String toString() {
        return "HistoryQuery{" + filter + ", order=" + order.wireName() + ", limit=" + limit + ", offset=" + offset + '}';
    }

    /** Builds a {@link HistoryQuery}. Not thread-safe. */
    public static final class Builder {
        private final HistoryFilter filter;
        private HistoryOrder order = HistoryOrder.ASC;
        private int limit = DEFAULT_LIMIT;
        private long offset;

        private Builder(HistoryFilter filter) {
            this.filter = filter;
        }

        /** Oldest ({@link HistoryOrder#ASC}, the default) or newest first. */
        public Builder order(HistoryOrder order) {
            this.order = Objects.requireNonNull(order, "order");
            return this;
        }

        /** The page size: 20 (the default), 50 or 100; checked before sending. */
        public Builder limit(int limit) {
            this.limit = limit;
            return this;
        }

        /** The index of the first message to read within the time range (default 0); checked before sending. */
        public Builder offset(long offset) {
            this.offset = offset;
            return this;
        }

        /** Builds the query. */
        public HistoryQuery build() {
            return new HistoryQuery(filter, order, limit, offset);
        }
    }
}
