package io.rtm.core.history;

import io.rtm.core.RequestOptions;

/**
 * The history API, blocking ({@code RtmClient.history()}): the same requests as {@link HistoryAsyncClient}, waiting
 * for each outcome. Thread-safe (an iterator is not: use each from one thread). Every method returns its result or
 * throws an unchecked {@link io.rtm.core.error.RtmException}.
 *
 * <pre>{@code
 * for (HistoryMessage m : rtm.history().query(HistoryQuery.builder(filter).limit(100).build())) {
 *     log.info("{} -> {}: {}", m.source(), m.destination(), m.payload());
 * }
 * }</pre>
 */
public interface HistoryClient {

    /**
     * Every message of the query, page after page from {@link HistoryQuery#offset()} to the last. Nothing is checked
     * or fetched until iterated (a null query throws {@link io.rtm.core.error.RtmValidationException} at once). Each
     * {@code iterator()} reads anew; its {@code hasNext()} blocks while it fetches the next page (a query created and
     * read until ready, within the page's deadline) and throws the page's {@link io.rtm.core.error.RtmException}: for
     * an invalid query, the first {@code hasNext()} throws the {@link io.rtm.core.error.RtmValidationException} before
     * anything is sent. An iterator left unfinished holds nothing: nothing runs between calls.
     */
    default Iterable<HistoryMessage> query(HistoryQuery query) {
        return query(query, RequestOptions.defaults());
    }

    /** {@link #query(HistoryQuery)} with per-page options (deadline of each page, retry strategy of each request). */
    Iterable<HistoryMessage> query(HistoryQuery query, RequestOptions options);

    /** One page: the query is created, then read until ready. */
    default HistoryPage page(HistoryQuery query) {
        return page(query, RequestOptions.defaults());
    }

    /** {@link #page(HistoryQuery)} with per-call options. */
    HistoryPage page(HistoryQuery query, RequestOptions options);

    /** How many messages the filter selects. */
    default long count(HistoryFilter filter) {
        return count(filter, RequestOptions.defaults());
    }

    /** {@link #count(HistoryFilter)} with per-call options. */
    long count(HistoryFilter filter, RequestOptions options);
}
