package io.rtm.core.internal;

import io.rtm.core.RequestOptions;
import io.rtm.core.history.HistoryMessage;
import io.rtm.core.history.HistoryPage;
import io.rtm.core.history.HistoryQuery;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every message of a history query as a {@link Flow.Publisher}: one page ({@link HistoryFetches.Page}) at a time,
 * fetched only when the subscriber's demand exceeds the messages already held, so at most one page beyond the demand
 * is ever held. Each subscription reads from the query's offset anew. Signals are serialized by a drain loop (the
 * usual work-in-progress counter): they run on the subscriber's thread inside {@code request(n)} or on the client's
 * completion executor after a page arrives, never on the SDK's I/O threads.
 */
final class HistoryPublisher implements Flow.Publisher<HistoryMessage> {

    private static final Logger LOG = LoggerFactory.getLogger(HistoryPublisher.class);

    private final DefaultRtmAsyncClient client;
    private final HistoryQuery query;
    private final RequestOptions options;

    HistoryPublisher(DefaultRtmAsyncClient client, HistoryQuery query, RequestOptions options) {
        this.client = client;
        this.query = query;
        this.options = options;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super HistoryMessage> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber");
        Subscription s = new Subscription(subscriber);
        try {
            subscriber.onSubscribe(s);
        } catch (RuntimeException e) {
            s.cancelled = true; // Reactive Streams 2.13: a subscriber that throws is treated as cancelled
            LOG.warn("history subscriber {} threw from onSubscribe; its subscription is cancelled", subscriber, e);
            return;
        }
        if (query == null) {
            s.error = DefaultHistoryClient.requiredQuery();
            s.drain();
        }
    }

    @Override
    public String toString() {
        return "HistoryPublisher{" + query + '}';
    }

    private final class Subscription implements Flow.Subscription {
        private final Flow.Subscriber<? super HistoryMessage> subscriber;
        private final AtomicLong demand = new AtomicLong();
        private final AtomicInteger wip = new AtomicInteger();
        /** Only the drain loop touches it. */
        private final ArrayDeque<HistoryMessage> buffer = new ArrayDeque<>();
        /** The query of the next page to fetch; null once the last page arrived. */
        private HistoryQuery next = query;
        private boolean done;
        private volatile boolean cancelled;
        private volatile Throwable error;
        private volatile HistoryPage arrived;
        private volatile CompletableFuture<HistoryPage> fetching;

        Subscription(Flow.Subscriber<? super HistoryMessage> subscriber) {
            this.subscriber = subscriber;
        }

        @Override
        public void request(long n) {
            if (n <= 0) {
                error = new IllegalArgumentException("Reactive Streams 3.9: request(n) needs n > 0, got " + n);
            } else {
                demand.getAndAccumulate(n, (d, add) -> d + add < 0 ? Long.MAX_VALUE : d + add);
            }
            drain();
        }

        @Override
        public void cancel() {
            cancelled = true;
            CompletableFuture<HistoryPage> f = fetching;
            if (f != null) {
                f.cancel(true); // stops the page's call or poll wait
            }
            drain();
        }

        void drain() {
            if (wip.getAndIncrement() != 0) {
                return;
            }
            int missed = 1;
            do {
                drainOnce();
                missed = wip.addAndGet(-missed);
            } while (missed != 0);
        }

        private void drainOnce() {
            if (done) {
                return;
            }
            if (cancelled) {
                done = true;
                buffer.clear();
                return;
            }
            HistoryPage page = arrived;
            if (page != null) {
                arrived = null;
                buffer.addAll(page.messages());
                next = page.next().orElse(null);
            }
            while (!buffer.isEmpty() && demand.get() > 0 && !cancelled && error == null) {
                HistoryMessage m = buffer.poll();
                if (demand.get() != Long.MAX_VALUE) {
                    demand.decrementAndGet();
                }
                if (!signal(() -> subscriber.onNext(m))) {
                    return;
                }
            }
            if (cancelled) {
                done = true;
                buffer.clear();
                return;
            }
            Throwable e = error;
            if (e != null) {
                done = true;
                buffer.clear();
                signal(() -> subscriber.onError(e));
                return;
            }
            if (buffer.isEmpty() && arrived == null && fetching == null) {
                if (next == null) {
                    done = true;
                    signal(subscriber::onComplete);
                } else if (demand.get() > 0) {
                    fetch(next);
                }
            }
        }

        private void fetch(HistoryQuery q) {
            CompletableFuture<HistoryPage> f = new HistoryFetches.Page(client, q, options).start();
            fetching = f;
            f.whenComplete((p, e) -> {
                if (e != null) {
                    error = Call.unwrap(e);
                } else {
                    arrived = p;
                }
                fetching = null;
                client.runOnCompletion(this::drain); // the page arrived on an SDK thread: signal from the completion pool
            });
        }

        /** Runs a signal; a subscriber that throws is treated as cancelled (Reactive Streams 2.13). */
        private boolean signal(Runnable signal) {
            try {
                signal.run();
                return true;
            } catch (RuntimeException e) {
                cancelled = true;
                done = true;
                buffer.clear();
                LOG.warn("history subscriber {} threw; its subscription is cancelled", subscriber, e);
                CompletableFuture<HistoryPage> f = fetching;
                if (f != null) {
                    f.cancel(true);
                }
                return false;
            }
        }
    }
}
