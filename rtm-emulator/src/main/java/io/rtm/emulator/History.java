package io.rtm.emulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One app's message history (SPEC-HISTORY-EVENTS): the messages sent with {@code enable_historical_messaging},
 * kept 7 days by the emulator's clock (and at most {@code recordLimit}, newest), the queries made on them (each a
 * handle valid 10 minutes) and the counts being "computed". A query's page is fixed when it is created; a count
 * when it is first asked. Both answer {@code "in progress"} {@code historyInProgressReplies} times before the
 * result, so that clients exercise their polling. Thread-safe.
 */
final class History {

    /** What reading a handle finds. */
    enum Status { NOT_FOUND, EXPIRED, IN_PROGRESS, READY }

    /** The answer to reading a handle: the page when {@link Status#READY}, else empty. */
    record Read(Status status, List<AcceptedMessage> page) {
    }

    /** The answer to a count: the count when not {@code inProgress}. */
    record Count(boolean inProgress, long count) {
    }

    /** A created query: its page, when it was made, and how many "in progress" answers it still gives. */
    private static final class Query {
        final List<AcceptedMessage> page;
        final Instant createdAt;
        int inProgress;

        Query(List<AcceptedMessage> page, Instant createdAt, int inProgress) {
            this.page = page;
            this.createdAt = createdAt;
            this.inProgress = inProgress;
        }
    }

    /** A count being "computed", keyed by its filter. */
    private static final class PendingCount {
        final long count;
        final Instant createdAt;
        int inProgress;

        PendingCount(long count, Instant createdAt, int inProgress) {
            this.count = count;
            this.createdAt = createdAt;
            this.inProgress = inProgress;
        }
    }

    private final Settings settings;
    private final BoundedLog<AcceptedMessage> kept;
    private final Map<String, Query> queries;
    private final Map<HistoryFilter, PendingCount> counts;

    History(Settings settings) {
        this.settings = settings;
        this.kept = new BoundedLog<>(settings.recordLimit());
        this.queries = bounded(settings.recordLimit());
        this.counts = bounded(settings.recordLimit());
    }

    /** A map that forgets its oldest entry past {@code capacity}, so that a long run cannot fill the heap. */
    private static <K, V> Map<K, V> bounded(int capacity) {
        return new LinkedHashMap<>() {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        };
    }

    void add(AcceptedMessage m) {
        kept.add(m);
    }

    /** The messages kept now (7 days by the clock), oldest first by acceptance time. */
    List<AcceptedMessage> messages() {
        Instant now = settings.clock().instant();
        List<AcceptedMessage> out = new ArrayList<>();
        for (AcceptedMessage m : kept.snapshot()) {
            if (now.isBefore(m.sentAt().plus(Settings.HISTORY_TTL))) {
                out.add(m);
            }
        }
        out.sort(Comparator.comparing(AcceptedMessage::sentAt)); // stable: acceptance order among equal times
        return out;
    }

    private List<AcceptedMessage> select(HistoryFilter filter) {
        List<AcceptedMessage> out = new ArrayList<>();
        for (AcceptedMessage m : messages()) {
            if (filter.matches(m)) {
                out.add(m);
            }
        }
        return out;
    }

    /** Creates a query under {@code handle}: its page is the selection in {@code order}, from {@code offset}, at most {@code limit}. */
    synchronized void createQuery(String handle, HistoryFilter filter, long offset, int limit, HistoryOrder order) {
        List<AcceptedMessage> all = order.arrange(select(filter));
        List<AcceptedMessage> page = offset >= all.size() ? List.of()
                : List.copyOf(all.subList((int) offset, (int) Math.min(all.size(), offset + limit)));
        queries.put(handle, new Query(page, settings.clock().instant(), settings.historyInProgressReplies()));
    }

    /** Reads a handle: unknown, expired (10 minutes after creation), still "in progress", or ready. */
    synchronized Read read(String handle) {
        Query q = queries.get(handle);
        if (q == null) {
            return new Read(Status.NOT_FOUND, List.of());
        }
        if (!settings.clock().instant().isBefore(q.createdAt.plus(Settings.QUERY_TTL))) {
            return new Read(Status.EXPIRED, List.of());
        }
        if (q.inProgress > 0) {
            q.inProgress--;
            return new Read(Status.IN_PROGRESS, List.of());
        }
        return new Read(Status.READY, q.page);
    }

    /**
     * A count: the first ask fixes it and answers "in progress" as many times as configured, each further ask of
     * the same filter one fewer, then the count (after which the next ask starts over).
     */
    synchronized Count count(HistoryFilter filter) {
        Instant now = settings.clock().instant();
        PendingCount c = counts.get(filter);
        if (c == null || !now.isBefore(c.createdAt.plus(Settings.QUERY_TTL))) {
            c = new PendingCount(select(filter).size(), now, settings.historyInProgressReplies());
            counts.put(filter, c);
        }
        if (c.inProgress > 0) {
            c.inProgress--;
            return new Count(true, 0);
        }
        counts.remove(filter);
        return new Count(false, c.count);
    }

    synchronized void clear() {
        kept.clear();
        queries.clear();
        counts.clear();
    }
}
