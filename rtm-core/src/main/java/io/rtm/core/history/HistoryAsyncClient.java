package io.rtm.core.history;

import io.rtm.core.RequestOptions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * The history API, asynchronously ({@code RtmAsyncClient.history()}). Thread-safe; methods never block and never
 * throw: every outcome arrives through the returned future or publisher, on the client's completion executor.
 *
 * <p>Each request (create a query, read it, count) is one call through the client's chain: validation (before
 * anything is sent), retry, the history quota (100 calls/s per App ID for every history call together), auth. A
 * query's or count's result that the service reports {@code "in progress"} is asked for again after the client's
 * {@code historyPollInterval} (default 2 s, as published): a scheduled wait, no thread is parked. Each request is
 * idempotent (the service creates nothing but a short-lived handle, and a read changes nothing), so the retry policy
 * may repeat any of them. A page's (or count's) deadline, every request and wait of it included, is the
 * {@link RequestOptions#timeout()} or the client's {@code callTimeout}; when it passes the future fails with an
 * {@link io.rtm.core.error.RtmTimeoutException} of kind {@code DEADLINE}. Cancelling a future stops its work. A
 * closing client fails a page that still needs another request with an
 * {@link io.rtm.core.error.RtmClientClosedException}.
 */
public interface HistoryAsyncClient {

    /**
     * Every message of the query, page after page from {@link HistoryQuery#offset()} to the last, as a publisher
     * honouring backpressure: a page is fetched only when the subscriber has demand that the messages already fetched
     * cannot meet, so at most one page is held beyond the demand. Each subscription reads anew; cancelling it stops
     * fetching (a page in flight is abandoned). A failure ends the subscription with {@code onError} (an invalid query:
     * an {@link io.rtm.core.error.RtmValidationException} before anything is sent). Signals arrive on the completion
     * executor or on the subscriber's thread inside {@code request(n)}, one at a time.
     */
    default Flow.Publisher<HistoryMessage> query(HistoryQuery query) {
        return query(query, RequestOptions.defaults());
    }

    /** {@link #query(HistoryQuery)} with per-page options (deadline of each page, retry strategy of each request). */
    Flow.Publisher<HistoryMessage> query(HistoryQuery query, RequestOptions options);

    /**
     * One page: the query is created, then read until ready. Follow {@link HistoryPage#next()} for the next one.
     * Fails with an {@link io.rtm.core.error.RtmValidationException} (nothing sent) for an invalid query.
     */
    default CompletableFuture<HistoryPage> page(HistoryQuery query) {
        return page(query, RequestOptions.defaults());
    }

    /** {@link #page(HistoryQuery)} with per-call options (deadline of the page, retry strategy of each request). */
    CompletableFuture<HistoryPage> page(HistoryQuery query, RequestOptions options);

    /** How many messages the filter selects ({@code GET /rtm/message/history/count}), asked again while in progress. */
    default CompletableFuture<Long> count(HistoryFilter filter) {
        return count(filter, RequestOptions.defaults());
    }

    /** {@link #count(HistoryFilter)} with per-call options. */
    CompletableFuture<Long> count(HistoryFilter filter, RequestOptions options);
}
