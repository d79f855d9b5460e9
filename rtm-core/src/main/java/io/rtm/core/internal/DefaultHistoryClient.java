package io.rtm.core.internal;

import io.rtm.core.RequestOptions;
import io.rtm.core.Violation;
import io.rtm.core.error.RtmValidationException;
import io.rtm.core.history.HistoryAsyncClient;
import io.rtm.core.history.HistoryFilter;
import io.rtm.core.history.HistoryMessage;
import io.rtm.core.history.HistoryPage;
import io.rtm.core.history.HistoryQuery;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/** The asynchronous history API of a {@link DefaultRtmAsyncClient}. Thread-safe, stateless. */
final class DefaultHistoryClient implements HistoryAsyncClient {

    private final DefaultRtmAsyncClient client;

    DefaultHistoryClient(DefaultRtmAsyncClient client) {
        this.client = client;
    }

    @Override
    public Flow.Publisher<HistoryMessage> query(HistoryQuery query, RequestOptions options) {
        return new HistoryPublisher(client, query, options);
    }

    @Override
    public CompletableFuture<HistoryPage> page(HistoryQuery query, RequestOptions options) {
        if (query == null) {
            return CompletableFuture.failedFuture(requiredQuery());
        }
        return client.handOff(new HistoryFetches.Page(client, query, options).start());
    }

    @Override
    public CompletableFuture<Long> count(HistoryFilter filter, RequestOptions options) {
        if (filter == null) {
            return CompletableFuture.failedFuture(new RtmValidationException(List.of(
                    new Violation("filter", Violation.REQUIRED, "the filter is null"))));
        }
        return client.handOff(new HistoryFetches.Count(client, filter, options).start());
    }

    static RtmValidationException requiredQuery() {
        return new RtmValidationException(List.of(new Violation("query", Violation.REQUIRED, "the query is null")));
    }

    @Override
    public String toString() {
        return "HistoryAsyncClient{" + client + '}';
    }
}
