package io.rtm.core.bulk;

import io.rtm.core.ChannelMessage;
import io.rtm.core.PeerMessage;
import io.rtm.core.RequestOptions;
import io.rtm.core.SendResult;
import io.rtm.core.error.Reason;
import io.rtm.core.error.RtmClientClosedException;
import io.rtm.core.error.RtmException;
import io.rtm.core.internal.BulkSupport;
import io.rtm.core.spi.Sender;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends many messages through a {@link Sender} as a stream: the source is read lazily (it may be huge: a run holds
 * objects only for the messages in flight), paced by the client's rate limiter, each message's outcome reported to a
 * {@link BulkListener}, and one failure never aborting the rest. The returned future completes with a
 * {@link BulkSummary} once every message taken from the source completed.
 *
 * <p><b>How many in flight.</b> By default the sender keeps the client's rate limiter busy and lets everything else be
 * in flight: it hands out the next message while fewer than {@value #LIMITER_QUEUE} of its messages wait for a permit,
 * up to a cap ({@value #DEFAULT_IN_FLIGHT_CAP}, or the client's connections per host if fewer: an HTTP/1.1 call holds a
 * connection). So the number in flight follows Little's law by itself — about the quota times the latency (250 at
 * 500 ms, 500 at 1 s, {@code wait_for_ack} replies included) — and the quota is reached at any latency up to about
 * {@code cap / quota} (2 s at 500/s). This needs the SDK's own client ({@link io.rtm.core.RtmAsyncClient}, or
 * {@link io.rtm.core.RtmClient#async()}); any other {@link Sender} (a decorator) gets {@value #FALLBACK_IN_FLIGHT}.
 * {@link Builder#maxInFlight(int)} fixes the number instead.
 *
 * <p><b>Stopping.</b> Cancelling the returned future stops reading the source and cancels the messages in flight
 * (counted as {@code cancelled}). {@link #stop()} stops reading every source gracefully: the messages in flight
 * finish, and each summary says it {@linkplain BulkSummary#stopped() stopped} after {@link BulkSummary#total()}
 * messages. A client that is closing (its {@code close()} refuses new calls) stops the run the same way, so a graceful
 * close of the client ends a bulk send with an exact account of what was and was not sent.
 *
 * <p><b>Surviving a crash.</b> With a {@link BulkJournal} ({@link Builder#journal}) every message's start and outcome
 * is recorded as it happens; a run started again with the same source and journal skips the messages an earlier run
 * confirmed ({@link BulkSummary#skipped()}) and sends the rest, counting in {@link BulkSummary#ambiguous()} those
 * that an earlier run may already have delivered (in flight when it ended): at-least-once, they may arrive twice.
 *
 * <pre>{@code
 * BulkSender bulk = BulkSender.builder(rtmAsyncClient).build();
 * BulkSummary s = bulk.fanOut(PeerMessage.builder().from("news").to("-").payload("hello").build(), userIds).join();
 * }</pre>
 * Thread-safe; one instance may run several bulk sends at once (one at a time with a journal).
 */
public final class BulkSender {

    /** Most of one run's messages waiting for a rate-limit permit at once (automatic in-flight). */
    public static final int LIMITER_QUEUE = 32;
    /** The cap of the automatic in-flight number, also bounded by the client's connections per host. */
    public static final int DEFAULT_IN_FLIGHT_CAP = 1_000;
    /** The in-flight number for a {@link Sender} that is not the SDK's client. */
    public static final int FALLBACK_IN_FLIGHT = 64;

    private static final Logger LOG = LoggerFactory.getLogger(BulkSender.class);

    private final Sender sender;
    private final Optional<BulkSupport.Client> client;
    /** A fixed in-flight number; 0 = automatic. */
    private final int fixedInFlight;
    private final int cap;
    private final RequestOptions options;
    private final BulkJournal journal;
    private final AtomicBoolean journalInUse = new AtomicBoolean();
    private volatile boolean stopped;
    private final Set<Run<?, ?>> runs = ConcurrentHashMap.newKeySet();

    private BulkSender(Builder b) {
        this.sender = b.sender;
        this.client = BulkSupport.client(b.sender);
        this.options = b.options;
        this.journal = b.journal;
        if (b.maxInFlight > 0) {
            this.fixedInFlight = b.maxInFlight;
            this.cap = b.maxInFlight;
        } else if (client.isPresent()) {
            this.fixedInFlight = 0;
            this.cap = Math.max(1, Math.min(DEFAULT_IN_FLIGHT_CAP, client.get().maxConnectionsPerRoute()));
        } else {
            this.fixedInFlight = FALLBACK_IN_FLIGHT;
            this.cap = FALLBACK_IN_FLIGHT;
        }
    }

    /** A builder around this sender (e.g. an {@link io.rtm.core.RtmAsyncClient}). */
    public static Builder builder(Sender sender) {
        return new Builder(sender);
    }

    /**
     * The most messages a run of this sender may have in flight: the fixed number, or the automatic mode's cap.
     * (Automatic runs report what they reached in {@link BulkSummary#peakInFlight()}.)
     */
    public int maxInFlight() {
        return cap;
    }

    /** Whether the number in flight is automatic (see the class description). */
    public boolean automaticInFlight() {
        return fixedInFlight == 0;
    }

    /** Sends the template to every recipient (its {@code to} replaced by each one, in order). */
    public CompletableFuture<BulkSummary> fanOut(PeerMessage template, Iterable<String> recipients, BulkListener<PeerMessage> listener) {
        Objects.requireNonNull(template, "template");
        return new Run<String, PeerMessage>(recipients.iterator(), to -> template.toBuilder().to(to).build(),
                this::sendPeer, listener).start();
    }

    /** {@link #fanOut(PeerMessage, Iterable, BulkListener)} without a listener. */
    public CompletableFuture<BulkSummary> fanOut(PeerMessage template, Iterable<String> recipients) {
        return fanOut(template, recipients, null);
    }

    /** Sends the template to every channel (its {@code channel} replaced by each one, in order). */
    public CompletableFuture<BulkSummary> fanOut(ChannelMessage template, Iterable<String> channels,
                                                 BulkListener<ChannelMessage> listener) {
        Objects.requireNonNull(template, "template");
        return new Run<String, ChannelMessage>(channels.iterator(), ch -> template.toBuilder().channel(ch).build(),
                this::sendChannel, listener).start();
    }

    /** Sends every peer message of the source. */
    public CompletableFuture<BulkSummary> sendPeers(Iterator<PeerMessage> messages, BulkListener<PeerMessage> listener) {
        return new Run<PeerMessage, PeerMessage>(messages, Function.identity(), this::sendPeer, listener).start();
    }

    /** Sends every channel message of the source. */
    public CompletableFuture<BulkSummary> sendChannels(Iterator<ChannelMessage> messages, BulkListener<ChannelMessage> listener) {
        return new Run<ChannelMessage, ChannelMessage>(messages, Function.identity(), this::sendChannel, listener).start();
    }

    private CompletableFuture<SendResult> sendPeer(PeerMessage m, Runnable onAdmitted) {
        return client.isPresent() && onAdmitted != null ? client.get().sendPeer(m, options, onAdmitted) : sender.sendPeer(m, options);
    }

    private CompletableFuture<SendResult> sendChannel(ChannelMessage m, Runnable onAdmitted) {
        return client.isPresent() && onAdmitted != null ? client.get().sendChannel(m, options, onAdmitted)
                : sender.sendChannel(m, options);
    }

    /**
     * Stops reading the sources of every bulk send of this sender (running and later ones): messages in flight
     * finish, then each send completes with a summary whose {@link BulkSummary#stopped()} is true. Messages after
     * {@link BulkSummary#total()} were not taken from the source and not sent. Idempotent; never blocks.
     */
    public void stop() {
        stopped = true;
        for (Run<?, ?> run : runs) {
            run.pump();
        }
    }

    /** The failure reason used in {@link BulkSummary#failuresByReason()}: {@link Reason#of(Throwable)}'s value. */
    public static String reason(Throwable error) {
        return Reason.of(error).value();
    }

    /**
     * One bulk send. The source is only touched inside {@link #pump()}, which runs on one thread at a time.
     *
     * @param <T> what the source yields (a recipient, or a whole message)
     * @param <M> the message type
     */
    private final class Run<T, M> {
        private final Iterator<T> source;
        private final Function<T, M> toMessage;
        private final BiFunction<M, Runnable, CompletableFuture<SendResult>> send;
        private final BulkListener<M> listener;
        private final CompletableFuture<BulkSummary> done = new CompletableFuture<>();
        private final AtomicInteger wip = new AtomicInteger();
        private final AtomicInteger inFlight = new AtomicInteger();
        /** Automatic mode: messages handed out whose call has not got its permit yet (nor ended). */
        private final AtomicInteger waitingForPermit = new AtomicInteger();
        private final Set<CompletableFuture<SendResult>> pending = ConcurrentHashMap.newKeySet();
        private final long startNanos = System.nanoTime();
        private final Map<String, Long> reasons = new TreeMap<>();
        private final Executor pumpExecutor;
        private boolean exhausted;
        /** The source was left unread (stop(), or the client refused new calls). */
        private volatile boolean halted;
        private Throwable sourceFailure;
        private volatile RuntimeException journalFailure;
        private int next;
        private int peakInFlight;
        private long skipped;
        private long ambiguous;
        private long completed;
        private long sent;
        private long delivered;
        private long offline;
        private long unknown;
        private long failed;

        Run(Iterator<T> source, Function<T, M> toMessage, BiFunction<M, Runnable, CompletableFuture<SendResult>> send,
            BulkListener<M> listener) {
            this.source = Objects.requireNonNull(source, "source");
            this.toMessage = toMessage;
            this.send = send;
            this.listener = listener;
            this.pumpExecutor = client.map(BulkSupport.Client::executor).orElse(null);
        }

        CompletableFuture<BulkSummary> start() {
            if (journal != null && !journalInUse.compareAndSet(false, true)) {
                return CompletableFuture.failedFuture(new IllegalStateException(
                        "a BulkSender with a journal runs one bulk send at a time: " + journal.file()));
            }
            runs.add(this);
            done.whenComplete((s, e) -> {
                runs.remove(this);
                if (done.isCancelled()) {
                    pending.forEach(f -> f.cancel(true));
                }
            });
            pump();
            return done;
        }

        /** Whether one more message may be handed out now. */
        private boolean room() {
            int n = inFlight.get();
            return fixedInFlight > 0 ? n < fixedInFlight : n < cap && waitingForPermit.get() < LIMITER_QUEUE;
        }

        private void pump() {
            if (wip.getAndIncrement() != 0) {
                return;
            }
            do {
                if ((stopped || halted || journalFailure != null) && !exhausted) {
                    exhausted = true;
                    halted = true;
                }
                while (!exhausted && !halted && !done.isDone() && room()) {
                    T item;
                    try {
                        if (!source.hasNext()) {
                            exhausted = true;
                            break;
                        }
                        item = source.next();
                    } catch (RuntimeException e) {
                        sourceFailure = e;
                        exhausted = true;
                        break;
                    }
                    int index = next++;
                    if (journal != null && journal.isConfirmed(index)) {
                        synchronized (this) {
                            skipped++; // an earlier run confirmed it: never sent twice
                        }
                        continue;
                    }
                    if (!startOne(index, item)) {
                        break;
                    }
                }
                if ((exhausted || done.isCancelled()) && inFlight.get() == 0 && !done.isDone()) {
                    finish();
                }
            } while (wip.decrementAndGet() != 0);
        }

        /** Sends the message at {@code index}; false when the journal could not record it (then it is not sent). */
        private boolean startOne(int index, T item) {
            M message;
            try {
                message = toMessage.apply(item);
            } catch (RuntimeException e) {
                sourceFailure = e;
                exhausted = true;
                return false;
            }
            if (journal != null) {
                try {
                    journal.started(index); // before the send: a crash after it leaves the message ambiguous, not lost
                } catch (RuntimeException e) {
                    journalFailure = e;
                    halted = true;
                    exhausted = true;
                    next--; // not taken: nothing was sent
                    return false;
                }
                if (journal.isAmbiguous(index)) {
                    synchronized (this) {
                        ambiguous++;
                    }
                }
            }
            int n = inFlight.incrementAndGet();
            if (n > peakInFlight) {
                peakInFlight = n;
            }
            Admission admission = null;
            if (fixedInFlight == 0) {
                waitingForPermit.incrementAndGet();
                admission = new Admission();
            }
            CompletableFuture<SendResult> f;
            try {
                f = send.apply(message, admission);
            } catch (RuntimeException e) {
                f = CompletableFuture.failedFuture(e);
            }
            pending.add(f);
            CompletableFuture<SendResult> sentFuture = f;
            Admission a = admission;
            f.whenComplete((r, e) -> {
                pending.remove(sentFuture);
                if (a != null) {
                    a.over(); // ended without a permit (invalid, refused, closed): no longer waiting
                }
                record(index, message, r, e);
                inFlight.decrementAndGet();
                pump();
            });
            return true;
        }

        private void finish() {
            if (journal != null) {
                try {
                    journal.sync();
                } catch (RuntimeException e) {
                    if (journalFailure == null) {
                        journalFailure = e;
                    }
                }
                journalInUse.set(false);
            }
            if (journalFailure != null) {
                done.completeExceptionally(new IllegalStateException("the bulk send stopped after " + next
                        + " messages: its journal could not be written (" + journalFailure.getMessage()
                        + "); messages without a recorded outcome count as ambiguous on the next run", journalFailure));
            } else if (sourceFailure != null) {
                done.completeExceptionally(new IllegalStateException("reading the messages failed after "
                        + next + " of them", sourceFailure));
            } else {
                done.complete(summary());
            }
        }

        /** A call's permit: the first of "admitted" and "over" leaves the limiter's queue and lets the run hand out more. */
        private final class Admission extends AtomicBoolean implements Runnable {
            @Override
            public void run() {
                if (compareAndSet(false, true)) {
                    waitingForPermit.decrementAndGet();
                    pumpElsewhere();
                }
            }

            void over() {
                if (compareAndSet(false, true)) {
                    waitingForPermit.decrementAndGet();
                }
            }
        }

        /** Pumps on the client's completion executor: admissions arrive on the SDK's timer and I/O threads. */
        private void pumpElsewhere() {
            if (wip.get() != 0) {
                pump(); // a pump is running (maybe this very thread's): it will look again
                return;
            }
            try {
                pumpExecutor.execute(this::pump);
            } catch (RuntimeException e) {
                pump(); // e.g. an executor shut down: never stall the run
            }
        }

        private void record(int index, M message, SendResult result, Throwable error) {
            BulkItemResult<M> item;
            BulkProgress progress;
            synchronized (this) {
                completed++;
                if (error == null) {
                    switch (result.deliveryCode()) {
                        case SENT -> sent++;
                        case DELIVERED -> delivered++;
                        case OFFLINE -> offline++;
                        default -> unknown++;
                    }
                    journal(() -> journal.sent(index, result.code()));
                    item = new BulkItemResult<>(index, message, Optional.of(result), Optional.empty(), Optional.empty());
                } else {
                    Throwable cause = unwrap(error);
                    if (cause instanceof RtmClientClosedException closed && !closed.aborted()) {
                        halted = true; // the client refuses new calls: reading on would only fail every message
                    }
                    String reason = reason(cause);
                    failed++;
                    reasons.merge(reason, 1L, Long::sum);
                    boolean mayHaveReached = !(cause instanceof RtmException e) || e.mayHaveReachedService();
                    journal(() -> journal.failed(index, reason, mayHaveReached));
                    item = new BulkItemResult<>(index, message, Optional.empty(), Optional.of(cause), Optional.of(reason));
                }
                progress = new BulkProgress(next, completed, failed, skipped);
                if (listener != null) {
                    try {
                        listener.onResult(item, progress);
                    } catch (RuntimeException e) {
                        LOG.warn("bulk listener {} failed", listener.getClass().getName(), e);
                    }
                }
            }
        }

        private void journal(Runnable write) {
            if (journal == null || journalFailure != null) {
                return;
            }
            try {
                write.run();
            } catch (RuntimeException e) {
                journalFailure = e; // stops the run: outcomes that cannot be recorded would be sent again
                halted = true;
            }
        }

        private synchronized BulkSummary summary() {
            return new BulkSummary(completed + skipped, sent, delivered, offline, unknown, failed, reasons,
                    Duration.ofNanos(System.nanoTime() - startNanos), halted, skipped, ambiguous, peakInFlight);
        }
    }

    private static Throwable unwrap(Throwable t) {
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** Builds a {@link BulkSender}. Not thread-safe. */
    public static final class Builder {
        private final Sender sender;
        private int maxInFlight;
        private RequestOptions options = RequestOptions.defaults();
        private BulkJournal journal;

        private Builder(Sender sender) {
            this.sender = Objects.requireNonNull(sender, "sender");
        }

        /**
         * A fixed number of messages in flight at once, at least 1, instead of the automatic one (see {@link BulkSender}).
         * A number above the client's connections per host makes calls wait for a connection after their permit, which
         * the rate limiter's arrival-spread assumption does not cover.
         */
        public Builder maxInFlight(int maxInFlight) {
            if (maxInFlight < 1) {
                throw new IllegalArgumentException("maxInFlight must be >= 1: " + maxInFlight);
            }
            this.maxInFlight = maxInFlight;
            return this;
        }

        /** Per-call options for every message (e.g. a retry policy). */
        public Builder options(RequestOptions options) {
            this.options = Objects.requireNonNull(options, "options");
            return this;
        }

        /**
         * Records every message's start and outcome in this journal, and skips the messages an earlier run with it
         * confirmed (see {@link BulkJournal}). The journal must belong to the same job: the same source, in the same
         * order. The caller closes it; the run forces it to disk when it ends.
         */
        public Builder journal(BulkJournal journal) {
            this.journal = Objects.requireNonNull(journal, "journal");
            return this;
        }

        /** Builds the bulk sender. */
        public BulkSender build() {
            return new BulkSender(this);
        }
    }
}
