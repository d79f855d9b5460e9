package io.rtm.core.bulk;

import io.rtm.core.ChannelMessage;
import io.rtm.core.PeerMessage;
import io.rtm.core.RequestOptions;
import io.rtm.core.SendResult;
import io.rtm.core.error.Reason;
import io.rtm.core.error.RtmClientClosedException;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends many messages through a {@link Sender} as a stream: at most {@code maxInFlight} at a time (the
 * source is read lazily, so it may be huge), paced by the client's rate limiter, each message's outcome
 * reported to a {@link BulkListener}, and one failure never aborting the rest. The returned future
 * completes with a {@link BulkSummary} once every message taken from the source completed. Cancelling it
 * stops reading the source and cancels the messages in flight (counted as {@code cancelled}). {@link #stop()} stops
 * reading every source gracefully: the messages in flight finish, and each summary says it {@linkplain
 * BulkSummary#stopped() stopped} after {@link BulkSummary#total()} messages. A client that is closing (its
 * {@code close()} refuses new calls) stops the run the same way, so a graceful close of the client ends a bulk send
 * with an exact account of what was and was not sent.
 *
 * <pre>{@code
 * BulkSender bulk = BulkSender.builder(rtmAsyncClient).maxInFlight(64).build();
 * BulkSummary s = bulk.fanOut(PeerMessage.builder().from("news").to("-").payload("hello").build(), userIds).join();
 * }</pre>
 * Thread-safe; one instance may run several bulk sends at once.
 */
public final class BulkSender {

    private static final Logger LOG = LoggerFactory.getLogger(BulkSender.class);

    private final Sender sender;
    private final int maxInFlight;
    private final RequestOptions options;
    private volatile boolean stopped;
    private final Set<Run<?>> runs = ConcurrentHashMap.newKeySet();

    private BulkSender(Builder b) {
        this.sender = b.sender;
        this.maxInFlight = b.maxInFlight;
        this.options = b.options;
    }

    /** A builder around this sender (e.g. an {@link io.rtm.core.RtmAsyncClient}). */
    public static Builder builder(Sender sender) {
        return new Builder(sender);
    }

    /** Sends the template to every recipient (its {@code to} replaced by each one, in order). */
    public CompletableFuture<BulkSummary> fanOut(PeerMessage template, Iterable<String> recipients, BulkListener<PeerMessage> listener) {
        Objects.requireNonNull(template, "template");
        Iterator<String> ids = recipients.iterator();
        Iterator<PeerMessage> messages = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return ids.hasNext();
            }

            @Override
            public PeerMessage next() {
                return template.toBuilder().to(ids.next()).build();
            }
        };
        return sendPeers(messages, listener);
    }

    /** {@link #fanOut(PeerMessage, Iterable, BulkListener)} without a listener. */
    public CompletableFuture<BulkSummary> fanOut(PeerMessage template, Iterable<String> recipients) {
        return fanOut(template, recipients, null);
    }

    /** Sends every peer message of the source. */
    public CompletableFuture<BulkSummary> sendPeers(Iterator<PeerMessage> messages, BulkListener<PeerMessage> listener) {
        return new Run<>(messages, m -> sender.sendPeer(m, options), listener).start();
    }

    /** Sends every channel message of the source. */
    public CompletableFuture<BulkSummary> sendChannels(Iterator<ChannelMessage> messages, BulkListener<ChannelMessage> listener) {
        return new Run<>(messages, m -> sender.sendChannel(m, options), listener).start();
    }

    /**
     * Stops reading the sources of every bulk send of this sender (running and later ones): messages in flight
     * finish, then each send completes with a summary whose {@link BulkSummary#stopped()} is true. Messages after
     * {@link BulkSummary#total()} were not taken from the source and not sent. Idempotent; never blocks.
     */
    public void stop() {
        stopped = true;
        for (Run<?> run : runs) {
            run.pump();
        }
    }

    /** The failure reason used in {@link BulkSummary#failuresByReason()}: {@link Reason#of(Throwable)}'s value. */
    public static String reason(Throwable error) {
        return Reason.of(error).value();
    }

    /** One bulk send. The source is only touched inside {@link #pump()}, which runs on one thread at a time. */
    private final class Run<M> {
        private final Iterator<M> source;
        private final Function<M, CompletableFuture<SendResult>> send;
        private final BulkListener<M> listener;
        private final CompletableFuture<BulkSummary> done = new CompletableFuture<>();
        private final AtomicInteger wip = new AtomicInteger();
        private final AtomicInteger inFlight = new AtomicInteger();
        private final Set<CompletableFuture<SendResult>> pending = ConcurrentHashMap.newKeySet();
        private final long startNanos = System.nanoTime();
        private final Map<String, Long> reasons = new TreeMap<>();
        private boolean exhausted;
        /** The source was left unread (stop(), or the client refused new calls). */
        private volatile boolean halted;
        private Throwable sourceFailure;
        private int next;
        private long completed;
        private long sent;
        private long delivered;
        private long offline;
        private long unknown;
        private long failed;

        Run(Iterator<M> source, Function<M, CompletableFuture<SendResult>> send, BulkListener<M> listener) {
            this.source = Objects.requireNonNull(source, "messages");
            this.send = send;
            this.listener = listener;
        }

        CompletableFuture<BulkSummary> start() {
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

        private void pump() {
            if (wip.getAndIncrement() != 0) {
                return;
            }
            do {
                if ((stopped || halted) && !exhausted) {
                    exhausted = true;
                    halted = true;
                }
                while (!exhausted && !halted && !done.isDone() && inFlight.get() < maxInFlight) {
                    M message;
                    try {
                        if (!source.hasNext()) {
                            exhausted = true;
                            break;
                        }
                        message = source.next();
                    } catch (RuntimeException e) {
                        sourceFailure = e;
                        exhausted = true;
                        break;
                    }
                    int index = next++;
                    inFlight.incrementAndGet();
                    CompletableFuture<SendResult> f;
                    try {
                        f = send.apply(message);
                    } catch (RuntimeException e) {
                        f = CompletableFuture.failedFuture(e);
                    }
                    pending.add(f);
                    CompletableFuture<SendResult> sentFuture = f;
                    f.whenComplete((r, e) -> {
                        pending.remove(sentFuture);
                        record(index, message, r, e);
                        inFlight.decrementAndGet();
                        pump();
                    });
                }
                if ((exhausted || done.isCancelled()) && inFlight.get() == 0 && !done.isDone()) {
                    if (sourceFailure != null) {
                        done.completeExceptionally(new IllegalStateException("reading the messages failed after "
                                + next + " of them", sourceFailure));
                    } else {
                        done.complete(summary());
                    }
                }
            } while (wip.decrementAndGet() != 0);
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
                    item = new BulkItemResult<>(index, message, Optional.of(result), Optional.empty(), Optional.empty());
                } else {
                    Throwable cause = unwrap(error);
                    if (cause instanceof RtmClientClosedException closed && !closed.aborted()) {
                        halted = true; // the client refuses new calls: reading on would only fail every message
                    }
                    String reason = reason(cause);
                    failed++;
                    reasons.merge(reason, 1L, Long::sum);
                    item = new BulkItemResult<>(index, message, Optional.empty(), Optional.of(cause), Optional.of(reason));
                }
                progress = new BulkProgress(next, completed, failed);
                if (listener != null) {
                    try {
                        listener.onResult(item, progress);
                    } catch (RuntimeException e) {
                        LOG.warn("bulk listener {} failed", listener.getClass().getName(), e);
                    }
                }
            }
        }

        private synchronized BulkSummary summary() {
            return new BulkSummary(completed, sent, delivered, offline, unknown, failed, reasons,
                    Duration.ofNanos(System.nanoTime() - startNanos), halted);
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
        private int maxInFlight = 64;
        private RequestOptions options = RequestOptions.defaults();

        private Builder(Sender sender) {
            this.sender = Objects.requireNonNull(sender, "sender");
        }

        /** Most messages in flight at once (default 64); at least 1. */
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

        /** Builds the bulk sender. */
        public BulkSender build() {
            return new BulkSender(this);
        }
    }
}
