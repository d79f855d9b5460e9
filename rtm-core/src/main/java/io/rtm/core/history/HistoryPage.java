package io.rtm.core.history;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of a history query: its {@link #messages()}, and the {@link #offset()}, {@link #limit()} and
 * {@link #order()} the service applied (as its reply stated them). A page with fewer messages than {@code limit} is
 * the last ({@link #isLast()}); otherwise {@link #next()} is the query of the next page, at {@code offset + limit}.
 * A full last page is followed by an empty one. Immutable.
 *
 * @param query    the query that produced the page
 * @param offset   the offset the service applied
 * @param limit    the page size the service applied
 * @param order    the order the service applied
 * @param messages the messages, in that order
 */
public record HistoryPage(HistoryQuery query, long offset, int limit, HistoryOrder order, List<HistoryMessage> messages) {

    /** Creates a page; every part is required. */
    public HistoryPage {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(order, "order");
        messages = List.copyOf(messages);
    }

    /** Whether this is the last page: fewer messages than the page size. */
    public boolean isLast() {
        return messages.size() < limit;
    }

    /** The query of the next page ({@code offset + limit}), unless this page is the last. */
    public Optional<HistoryQuery> next() {
        return isLast() ? Optional.empty() : Optional.of(query.withOffset(offset + limit));
    }

    @Override
    public String toString() {
        return "HistoryPage{offset=" + offset + ", limit=" + limit + ", order=" + order.wireName() + ", messages="
                + messages.size() + (isLast() ? ", last" : "") + '}';
    }
}
