/**
 * Message history (SPEC-HISTORY-EVENTS "History"): the messages sent with {@code enable_historical_messaging}, kept
 * 7 days by the service, read back by a {@link io.rtm.core.history.HistoryQuery} over a
 * {@link io.rtm.core.history.HistoryFilter} (sender, receiver, time range), page by page, and counted.
 *
 * <p>{@code RtmClient.history()} gives the blocking {@link io.rtm.core.history.HistoryClient} (an auto-paging
 * {@link java.lang.Iterable}); {@code RtmAsyncClient.history()} the asynchronous
 * {@link io.rtm.core.history.HistoryAsyncClient} (a {@link java.util.concurrent.Flow.Publisher} with backpressure, or
 * one {@link java.util.concurrent.CompletableFuture} per page).
 */
package io.rtm.core.history;
