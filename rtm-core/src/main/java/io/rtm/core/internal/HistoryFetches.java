package io.rtm.core.internal;

import io.rtm.core.RequestOptions;
import io.rtm.core.history.HistoryFilter;
import io.rtm.core.history.HistoryMessage;
import io.rtm.core.history.HistoryPage;
import io.rtm.core.history.HistoryQuery;
import java.util.List;

/** The two history results that take several calls: a page (create the query, read it until ready) and a count. */
final class HistoryFetches {

    private HistoryFetches() {
    }

    /** One page: {@code POST .../history/query}, then {@code GET .../history/query/{handle}} until it is not in progress. */
    static final class Page extends MultiCall<HistoryPage> {
        private final HistoryQuery query;
        private HistoryCodec.Created created;

        Page(DefaultRtmAsyncClient client, HistoryQuery query, RequestOptions options) {
            super(client, options);
            this.query = query;
        }

        @Override
        void begin() {
            call(Operations.HISTORY_QUERY, query, c -> {
                created = c;
                read();
            });
        }

        private void read() {
            call(Operations.HISTORY_READ, created.handle(), this::onRead);
        }

        private void onRead(Poll<List<HistoryMessage>> poll) {
            if (!poll.isReady()) {
                after(client.historyPollInterval(), this::read);
                return;
            }
            // The service's applied values decide what the next page is (Decided 4); the query's when it did not say.
            complete(new HistoryPage(query,
                    created.offset() != null ? created.offset() : query.offset(),
                    created.limit() != null ? created.limit() : query.limit(),
                    created.order() != null ? created.order() : query.order(),
                    poll.value()));
        }
    }

    /** A count: {@code GET .../history/count} until it is not in progress. */
    static final class Count extends MultiCall<Long> {
        private final HistoryFilter filter;

        Count(DefaultRtmAsyncClient client, HistoryFilter filter, RequestOptions options) {
            super(client, options);
            this.filter = filter;
        }

        @Override
        void begin() {
            call(Operations.HISTORY_COUNT, filter, this::onCount);
        }

        private void onCount(Poll<Long> poll) {
            if (poll.isReady()) {
                complete(poll.value());
            } else {
                after(client.historyPollInterval(), this::begin);
            }
        }
    }
}
