package io.rtm.emulator;

import io.rtm.core.events.ChannelEvent;
import io.rtm.core.events.UserEvent;
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
 * Everything the emulator knows about one app: counters, rate limiters, faults, records, who is online (and the
 * user and channel events that presence changes make), the offline store, history, and calls waiting for an
 * ack. Thread-safe: presence and the offline store are guarded by {@link #presence}, and events are appended
 * under it (so they follow presence changes in order); counters, records and history are concurrent on their own.
 */
final class AppState {

    /** A stored offline message; {@code sequence} keeps the store's order when one comes back unread. */
    private record Stored(AcceptedMessage message, Instant storedAt, long sequence) {
    }

    /** One user's open streams, how many of them list each channel, and stored offline messages. */
    private static final class User {
        final List<ReceiverStream> streams = new ArrayList<>(1);
        final Map<String, Integer> channelStreams = new HashMap<>();
        final ArrayDeque<Stored> offline = new ArrayDeque<>();

        /** Whether one of its streams still takes deliveries. */
        boolean accepting() {
            for (ReceiverStream s : streams) {
                if (s.accepting()) {
                    return true;
                }
            }
            return false;
        }
    }

    final EmulatorApp app;
    private final Settings settings;

    private final LongAdder requests = new LongAdder();
    private final LongAdder accepted = new LongAdder();
    private final LongAdder droppedConnections = new LongAdder();
    private final LongAdder droppedMessages = new LongAdder();
    private final Map<Integer, LongAdder> byStatus = new ConcurrentHashMap<>();

    private volatile Map<Quota, SlidingWindowLimiter> limiters;
    private volatile FaultInjector faults = FaultInjector.NONE;

    private final BoundedLog<AcceptedMessage> acceptedLog;
    final History history;
    private final BoundedLog<UserEvent> userEvents = new BoundedLog<>(Settings.EVENTS_CAPACITY);
    private final BoundedLog<ChannelEvent> channelEvents = new BoundedLog<>(Settings.EVENTS_CAPACITY);
    private final Map<String, BoundedLog<AcceptedMessage>> deliveredLogs = new ConcurrentHashMap<>();

    private final Object presence = new Object();
    private final Map<String, User> users = new HashMap<>();
    private final Map<String, Set<ReceiverStream>> channelStreams = new HashMap<>();

    private final Map<String, PendingAck> pendingAcks = new ConcurrentHashMap<>();
    /** Orders stored messages; guarded by {@link #presence}. */
    private long storeSequence;

    AppState(EmulatorApp app, Settings settings) {
        this.app = app;
        this.settings = settings;
        this.acceptedLog = new BoundedLog<>(settings.recordLimit());
        this.history = new History(settings);
        newLimiters();
    }

    private void newLimiters() {
        Map<Quota, SlidingWindowLimiter> m = new HashMap<>();
        for (Quota q : Quota.ALL) {
            m.put(q, new SlidingWindowLimiter(q.perSecond(settings)));
        }
        limiters = Map.copyOf(m);
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

    /** 0 when admitted under {@code quota}, else nanoseconds until a slot frees. */
    long admit(Quota quota) {
        return limiters.get(quota).tryAcquire(settings.ticker().getAsLong());
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
            history.add(m);
        }
    }

    /**
     * Delivers a peer message to every open stream of the receiver. When no live stream takes it (the receiver is
     * offline, or its streams end before writing it), offline handling applies: stored with
     * {@code enable_offline_messaging}, else dropped (counted); a waiting call then learns {@code OFFLINE}.
     *
     * @param waitForAck whether the call waits for the outcome
     * @return the outcome to wait for when {@code waitForAck}, else empty
     */
    Optional<PendingAck> deliverPeer(AcceptedMessage m, boolean waitForAck) {
        PendingAck ack = null;
        if (waitForAck) {
            ack = new PendingAck(m.id(), m.to());
            pendingAcks.put(m.id(), ack);
        }
        offerToUser(new Delivery(this, m, m.to(), false, sseEvent(m, false), ack, this::peerUndelivered));
        return Optional.ofNullable(ack);
    }

    /** Offers a delivery to every accepting stream of its recipient, then lets go of it (see {@link Delivery}). */
    private void offerToUser(Delivery d) {
        List<ReceiverStream> targets = new ArrayList<>(1);
        synchronized (presence) {
            User u = users.get(d.recipient);
            if (u != null) {
                for (ReceiverStream s : u.streams) {
                    if (s.enqueue(d)) {
                        targets.add(s);
                    }
                }
            }
        }
        for (ReceiverStream s : targets) {
            s.flush();
        }
        d.dropped();
    }

    /** No live stream took a peer message: offer it again if a stream opened meanwhile, else offline handling. */
    private void peerUndelivered(Delivery d) {
        boolean online;
        synchronized (presence) {
            User u = users.get(d.recipient);
            online = u != null && u.accepting();
            if (!online) {
                if (d.message.offlineMessaging()) {
                    store(users.computeIfAbsent(d.recipient, id -> new User()), new Stored(d.message,
                            settings.clock().instant(), storeSequence++));
                } else {
                    droppedMessages.increment();
                }
            }
        }
        if (online) {
            offerToUser(d.again());
        } else if (d.ack != null) {
            pendingAcks.remove(d.ack.messageId, d.ack);
            d.ack.complete(PendingAck.Outcome.OFFLINE);
        }
    }

    /** A stored message flushed on login was not taken: offer it to another open stream, else store it again. */
    private void storedUndelivered(Delivery d, Stored stored) {
        boolean online;
        synchronized (presence) {
            User u = users.computeIfAbsent(d.recipient, id -> new User());
            online = u.accepting();
            if (!online) {
                restore(u, stored);
            }
        }
        if (online) {
            offerToUser(d.again());
        }
    }

    /**
     * Delivers a channel message to every stream that joined the channel, except the sender's own. A member whose
     * streams all end before writing it does not get it (channel messages are never stored).
     */
    void deliverChannel(AcceptedMessage m) {
        List<ReceiverStream> targets = new ArrayList<>();
        List<Delivery> offered = new ArrayList<>();
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
                Delivery d = perUser.computeIfAbsent(s.userId, uid -> new Delivery(this, m, uid, false, e, null,
                        undelivered -> { }));
                if (s.enqueue(d)) {
                    targets.add(s);
                }
            }
            offered.addAll(perUser.values());
        }
        for (ReceiverStream s : targets) {
            s.flush();
        }
        for (Delivery d : offered) {
            d.dropped();
        }
    }

    private static byte[] sseEvent(AcceptedMessage m, boolean offline) {
        return SseStream.event(m.id(), Json.event(m, offline));
    }

    /** A stream wrote a delivery: record it, and acknowledge in AUTO mode. */
    void onDelivered(Delivery d) {
        deliveredLogs.computeIfAbsent(d.recipient, u -> new BoundedLog<>(settings.recordLimit())).add(d.message);
        if (d.ack != null && settings.ackMode() == AckMode.AUTO) {
            complete(d.ack, PendingAck.Outcome.DELIVERED);
        }
    }

    /** A MANUAL ack from {@code userId}; false when no call waits for that message to that user. */
    boolean acknowledge(String userId, String messageId) {
        PendingAck ack = pendingAcks.get(messageId);
        if (ack == null || !ack.recipient.equals(userId)) {
            return false;
        }
        return complete(ack, PendingAck.Outcome.DELIVERED);
    }

    private boolean complete(PendingAck ack, PendingAck.Outcome outcome) {
        pendingAcks.remove(ack.messageId, ack);
        return ack.complete(outcome);
    }

    void ackTimedOut(PendingAck ack) {
        complete(ack, PendingAck.Outcome.TIMED_OUT);
    }

    // ---- presence --------------------------------------------------------------------------------------

    /**
     * Registers an open stream and offers it the user's stored messages, oldest first. A stream that already
     * ended (its client hung up before it was registered) is not registered.
     */
    void connect(ReceiverStream stream) {
        List<Delivery> flushed = new ArrayList<>();
        synchronized (presence) {
            if (!stream.accepting()) {
                return;
            }
            User u = users.computeIfAbsent(stream.userId, id -> new User());
            Instant now = Instant.ofEpochMilli(settings.clock().millis());
            if (u.streams.isEmpty()) {
                userEvents.add(new UserEvent(stream.userId, UserEvent.LOGIN, now));
            }
            u.streams.add(stream);
            for (String channel : stream.channels) {
                channelStreams.computeIfAbsent(channel, c -> new LinkedHashSet<>()).add(stream);
                if (u.channelStreams.merge(channel, 1, Integer::sum) == 1) {
                    channelEvents.add(new ChannelEvent(channel, stream.userId, ChannelEvent.JOIN, now));
                }
            }
            purgeExpired(u);
            Stored s;
            while ((s = u.offline.pollFirst()) != null) {
                Stored stored = s;
                Delivery d = new Delivery(this, s.message, stream.userId, true, sseEvent(s.message, true), null,
                        undelivered -> storedUndelivered(undelivered, stored));
                stream.enqueue(d);
                flushed.add(d);
            }
        }
        stream.flush();
        for (Delivery d : flushed) {
            d.dropped();
        }
    }

    /** Forgets a closed stream: a channel is left when no open stream of the user lists it, the user logs out with its last one. */
    void disconnect(ReceiverStream stream) {
        synchronized (presence) {
            User u = users.get(stream.userId);
            if (u == null || !u.streams.remove(stream)) {
                return;
            }
            Instant now = Instant.ofEpochMilli(settings.clock().millis());
            for (String channel : stream.channels) {
                Set<ReceiverStream> members = channelStreams.get(channel);
                if (members != null && members.remove(stream) && members.isEmpty()) {
                    channelStreams.remove(channel);
                }
                if (u.channelStreams.merge(channel, -1, Integer::sum) == 0) {
                    u.channelStreams.remove(channel);
                    channelEvents.add(new ChannelEvent(channel, stream.userId, ChannelEvent.LEAVE, now));
                }
            }
            if (u.streams.isEmpty()) {
                userEvents.add(new UserEvent(stream.userId, UserEvent.LOGOUT, now));
                if (u.offline.isEmpty()) {
                    users.remove(stream.userId);
                }
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

    private void store(User u, Stored stored) {
        purgeExpired(u);
        if (u.offline.size() == Settings.OFFLINE_CAPACITY) {
            u.offline.removeFirst(); // SPEC: beyond 200 the newest replaces the oldest
        }
        u.offline.addLast(stored);
    }

    /** Puts back a stored message that a stream did not take, in its place by order of storing. */
    private void restore(User u, Stored stored) {
        List<Stored> all = new ArrayList<>(u.offline);
        all.add(stored);
        all.sort(java.util.Comparator.comparingLong(Stored::sequence));
        u.offline.clear();
        for (Stored s : all) {
            store(u, s);
        }
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
        return history.messages();
    }

    /** The user events not yet read, oldest first. */
    List<UserEvent> userEvents() {
        return userEvents.snapshot();
    }

    /** The channel events not yet read, oldest first. */
    List<ChannelEvent> channelEvents() {
        return channelEvents.snapshot();
    }

    /** Removes and returns the oldest user events, at most {@code max} (the events API consumes what it reads). */
    List<UserEvent> takeUserEvents(int max) {
        return userEvents.take(max);
    }

    /** Removes and returns the oldest channel events, at most {@code max}. */
    List<ChannelEvent> takeChannelEvents(int max) {
        return channelEvents.take(max);
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
        history.clear();
        userEvents.clear();
        channelEvents.clear();
        deliveredLogs.clear();
        pendingAcks.clear();
    }
}
