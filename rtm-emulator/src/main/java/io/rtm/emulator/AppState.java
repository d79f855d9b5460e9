package io.rtm.emulator;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Everything the emulator knows about one app: counters, rate limiters, faults, records, who is online, the
 * offline store, and calls waiting for an ack. Thread-safe: presence and the offline store are guarded by
 * {@link #presence}; counters and records are concurrent on their own.
 */
final class AppState {

    private record Stored(AcceptedMessage message, Instant storedAt) {
    }

    /** One user's open streams and stored offline messages. */
    private static final class User {
        final List<ReceiverStream> streams = new ArrayList<>(1);
        final ArrayDeque<Stored> offline = new ArrayDeque<>();
    }

    final EmulatorApp app;
    private final Settings settings;

    private final LongAdder requests = new LongAdder();
    private final LongAdder accepted = new LongAdder();
    private final LongAdder droppedConnections = new LongAdder();
    private final LongAdder droppedMessages = new LongAdder();
    private final Map<Integer, LongAdder> byStatus = new ConcurrentHashMap<>();

    private volatile SlidingWindowLimiter peerLimiter;
    private volatile SlidingWindowLimiter channelLimiter;
    private volatile FaultInjector faults = FaultInjector.NONE;

    private final BoundedLog<AcceptedMessage> acceptedLog;
    private final BoundedLog<AcceptedMessage> historyLog;
    private final Map<String, BoundedLog<AcceptedMessage>> deliveredLogs = new ConcurrentHashMap<>();

    private final Object presence = new Object();
    private final Map<String, User> users = new HashMap<>();
    private final Map<String, Set<ReceiverStream>> channelStreams = new HashMap<>();

    private final Map<String, PendingAck> pendingAcks = new ConcurrentHashMap<>();

    AppState(EmulatorApp app, Settings settings) {
        this.app = app;
        this.settings = settings;
        this.acceptedLog = new BoundedLog<>(settings.recordLimit());
        this.historyLog = new BoundedLog<>(settings.recordLimit());
        newLimiters();
    }

    private void newLimiters() {
        peerLimiter = new SlidingWindowLimiter(settings.rateLimitPerSecond());
        channelLimiter = new SlidingWindowLimiter(settings.rateLimitPerSecond());
    }

    // ---- counters --------------------------------------------------------------------------------------

    void countRequest() {
        requests.increment();
    }

    void countStatus(int status) {
        byStatus.computeIfAbsent(status, s -> new LongAdder()).increment();
    }

    void countDroppedConnection() {
        droppedConnections.increment();
    }

    AppStats stats() {
        Map<Integer, Long> statuses = new LinkedHashMap<>();
        byStatus.forEach((status, n) -> statuses.put(status, n.sum()));
        return new AppStats(requests.sum(), accepted.sum(), statuses, droppedConnections.sum(), droppedMessages.sum());
    }

    // ---- rate limit and faults ---------------------------------------------------------------------------

    /** 0 when admitted, else nanoseconds until a slot frees. */
    long admit(Api api) {
        SlidingWindowLimiter limiter = api == Api.PEER ? peerLimiter : channelLimiter;
        return limiter.tryAcquire(settings.ticker().getAsLong());
    }

    void faults(Faults f) {
        this.faults = f.isNone() ? FaultInjector.NONE : new FaultInjector(f);
    }

    Faults faults() {
        return faults.faults;
    }

    FaultInjector.Decision nextFault() {
        return faults.next();
    }

    // ---- accepting and delivering ------------------------------------------------------------------------

    /** Records an accepted message (and its history) before it is delivered. */
    void accept(AcceptedMessage m) {
        accepted.increment();
        acceptedLog.add(m);
        if (m.historicalMessaging()) {
            historyLog.add(m);
        }
    }

    /**
     * Delivers a peer message: to every open stream of the receiver, else to the offline store when enabled,
     * else nowhere (counted as dropped).
     *
     * @param waitForAck whether the call waits for an ack; only an online receiver gets a {@link PendingAck}
     * @return the pending ack when the call waits and the receiver is online, else empty
     */
    Optional<PendingAck> deliverPeer(AcceptedMessage m, boolean waitForAck) {
        List<ReceiverStream> targets;
        PendingAck ack = null;
        synchronized (presence) {
            User u = users.get(m.to());
            if (u != null && !u.streams.isEmpty()) {
                if (waitForAck) {
                    ack = new PendingAck(m.id(), m.to());
                    pendingAcks.put(m.id(), ack);
                }
                Delivery d = new Delivery(this, m, m.to(), false, sseEvent(m, false), ack);
                targets = List.copyOf(u.streams);
                for (ReceiverStream s : targets) {
                    s.enqueue(d);
                }
            } else {
                targets = List.of();
                if (m.offlineMessaging()) {
                    if (u == null) {
                        u = new User();
                        users.put(m.to(), u);
                    }
                    store(u, m);
                } else {
                    droppedMessages.increment();
                }
            }
        }
        for (ReceiverStream s : targets) {
            s.flush();
        }
        return Optional.ofNullable(ack);
    }

    /** Delivers a channel message to every stream that joined the channel, except the sender's own. */
    void deliverChannel(AcceptedMessage m) {
        List<ReceiverStream> targets = new ArrayList<>();
        synchronized (presence) {
            Set<ReceiverStream> members = channelStreams.get(m.to());
            if (members == null) {
                return;
            }
            byte[] event = null;
            Map<String, Delivery> perUser = new HashMap<>();
            for (ReceiverStream s : members) {
                if (s.userId.equals(m.from())) {
                    continue;
                }
                if (event == null) {
                    event = sseEvent(m, false);
                }
                byte[] e = event;
                Delivery d = perUser.computeIfAbsent(s.userId, uid -> new Delivery(this, m, uid, false, e, null));
                s.enqueue(d);
                targets.add(s);
            }
        }
        for (ReceiverStream s : targets) {
            s.flush();
        }
    }

    private static byte[] sseEvent(AcceptedMessage m, boolean offline) {
        return SseStream.event(m.id(), Json.event(m, offline));
    }

    /** A stream wrote a delivery: record it, and acknowledge in AUTO mode. */
    void onDelivered(Delivery d) {
        deliveredLogs.computeIfAbsent(d.recipient, u -> new BoundedLog<>(settings.recordLimit())).add(d.message);
        if (d.ack != null && settings.ackMode() == AckMode.AUTO) {
            acknowledge(d.ack);
        }
    }

    /** A MANUAL ack from {@code userId}; false when no call waits for that message to that user. */
    boolean acknowledge(String userId, String messageId) {
        PendingAck ack = pendingAcks.get(messageId);
        if (ack == null || !ack.recipient.equals(userId)) {
            return false;
        }
        return acknowledge(ack);
    }

    private boolean acknowledge(PendingAck ack) {
        pendingAcks.remove(ack.messageId, ack);
        return ack.acknowledge();
    }

    void ackTimedOut(PendingAck ack) {
        pendingAcks.remove(ack.messageId, ack);
        ack.timeOut();
    }

    // ---- presence --------------------------------------------------------------------------------------

    /** Registers an open stream and queues the user's stored messages on it, oldest first. */
    void connect(ReceiverStream stream) {
        synchronized (presence) {
            User u = users.computeIfAbsent(stream.userId, id -> new User());
            u.streams.add(stream);
            for (String channel : stream.channels) {
                channelStreams.computeIfAbsent(channel, c -> new LinkedHashSet<>()).add(stream);
            }
            purgeExpired(u);
            Stored s;
            while ((s = u.offline.pollFirst()) != null) {
                stream.enqueue(new Delivery(this, s.message, stream.userId, true, sseEvent(s.message, true), null));
            }
        }
        stream.flush();
    }

    /** Forgets a closed stream; the user is offline once its last stream is gone. */
    void disconnect(ReceiverStream stream) {
        synchronized (presence) {
            User u = users.get(stream.userId);
            if (u == null || !u.streams.remove(stream)) {
                return;
            }
            for (String channel : stream.channels) {
                Set<ReceiverStream> members = channelStreams.get(channel);
                if (members != null && members.remove(stream) && members.isEmpty()) {
                    channelStreams.remove(channel);
                }
            }
            if (u.streams.isEmpty() && u.offline.isEmpty()) {
                users.remove(stream.userId);
            }
        }
    }

    boolean isOnline(String userId) {
        synchronized (presence) {
            User u = users.get(userId);
            return u != null && !u.streams.isEmpty();
        }
    }

    List<ReceiverStream> streams() {
        synchronized (presence) {
            List<ReceiverStream> all = new ArrayList<>();
            for (User u : users.values()) {
                all.addAll(u.streams);
            }
            return all;
        }
    }

    // ---- offline store -----------------------------------------------------------------------------------

    private void store(User u, AcceptedMessage m) {
        purgeExpired(u);
        if (u.offline.size() == Settings.OFFLINE_CAPACITY) {
            u.offline.removeFirst(); // SPEC: beyond 200 the newest replaces the oldest
        }
        u.offline.addLast(new Stored(m, settings.clock().instant()));
    }

    /** Drops stored messages whose 7 days are over: expired once {@code now >= storedAt + 7 days}. */
    private void purgeExpired(User u) {
        Instant now = settings.clock().instant();
        for (Iterator<Stored> it = u.offline.iterator(); it.hasNext(); ) {
            if (!now.isBefore(it.next().storedAt.plus(Settings.OFFLINE_TTL))) {
                it.remove();
            }
        }
    }

    List<AcceptedMessage> stored(String userId) {
        synchronized (presence) {
            User u = users.get(userId);
            if (u == null) {
                return List.of();
            }
            purgeExpired(u);
            List<AcceptedMessage> out = new ArrayList<>(u.offline.size());
            for (Stored s : u.offline) {
                out.add(s.message);
            }
            return List.copyOf(out);
        }
    }

    // ---- records -----------------------------------------------------------------------------------------

    List<AcceptedMessage> accepted() {
        return acceptedLog.snapshot();
    }

    List<AcceptedMessage> history() {
        return historyLog.snapshot();
    }

    List<AcceptedMessage> delivered(String userId) {
        BoundedLog<AcceptedMessage> log = deliveredLogs.get(userId);
        return log == null ? List.of() : log.snapshot();
    }

    /** Forgets everything but the app itself; open streams are closed. */
    void reset() {
        List<ReceiverStream> open;
        synchronized (presence) {
            open = streams();
            users.clear();
            channelStreams.clear();
        }
        for (ReceiverStream s : open) {
            s.close();
        }
        requests.reset();
        accepted.reset();
        droppedConnections.reset();
        droppedMessages.reset();
        byStatus.clear();
        newLimiters();
        faults = FaultInjector.NONE;
        acceptedLog.clear();
        historyLog.clear();
        deliveredLogs.clear();
        pendingAcks.clear();
    }
}
