package io.rtm.core.internal;

import io.rtm.core.RequestOptions;
import io.rtm.core.history.HistoryAsyncClient;
import io.rtm.core.history.HistoryClient;
import io.rtm.core.history.HistoryFilter;
import io.rtm.core.history.HistoryMessage;
import io.rtm.core.history.HistoryPage;
import io.rtm.core.history.HistoryQuery;
import java.util.Collections;
import java.util.Iterator;
import java.util.NoSuchElementException;

/** The blocking face of a {@link HistoryAsyncClient}: waits for each page. Thread-safe (its iterators are not). */
final class BlockingHistoryClient implements HistoryClient {

    private final HistoryAsyncClient async;

    BlockingHistoryClient(HistoryAsyncClient async) {
        this.async = async;
    }

    @Override
    public Iterable<HistoryMessage> query(HistoryQuery query, RequestOptions options) {
        if (query == null) {
            throw DefaultHistoryClient.requiredQuery();
        }
        return () -> new Pages(query, options);
    }

    @Override
    public HistoryPage page(HistoryQuery query, RequestOptions options) {
        return DefaultRtmClient.await(async.page(query, options));
    }

    @Override
    public long count(HistoryFilter filter, RequestOptions options) {
        return DefaultRtmClient.await(async.count(filter, options));
    }

    @Override
    public String toString() {
        return "HistoryClient{" + async + '}';
    }

    /** Follows the pages: the next is fetched, blocking, when the current one is used up. Not thread-safe. */
    private final class Pages implements Iterator<HistoryMessage> {
        private final RequestOptions options;
        private HistoryQuery next;
        private Iterator<HistoryMessage> current = Collections.emptyIterator();

        Pages(HistoryQuery first, RequestOptions options) {
            this.next = first;
            this.options = options;
        }

        @Override
        public boolean hasNext() {
            while (!current.hasNext() && next != null) {
                HistoryPage page = page(next, options); // throws: the iterator stays where it was, a retry asks again
                current = page.messages().iterator();
                next = page.next().orElse(null);
            }
            return current.hasNext();
        }

        @Override
        public HistoryMessage next() {
            if (!hasNext()) {
                throw new NoSuchElementException("no more history messages");
            }
            return current.next();
        }
    }
}
