package io.rtm.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A delivery that no live stream took falls back to offline handling (issue 11 item 10): the waiting call learns
 * {@code OFFLINE}, the message is stored when offline messaging was asked, and a stored message flushed to a
 * stream that died goes back to the store in its place. The streams here are controlled by the test: one that
 * queues and never writes until told, as a connection that died with deliveries queued on it.
 */
class DeliveryFallbackTest {

    static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    final MutableClock clock = MutableClock.startingAt(NOW);
    final AppState app = new AppState(EmulatorApp.generate(), new Settings(clock, clock::nanoTime, 500, 100, 10, 0, AckMode.AUTO,
            Duration.ofSeconds(10), RtmEmulator.Builder.MIN_BODY_BYTES, Duration.ofSeconds(15), 100));
    int ids;

    /** Queues deliveries; {@link #writeAll()} writes them, {@link #die()} ends the stream with them unwritten. */
    final class ControlledStream extends ReceiverStream {
        final List<Delivery> queued = new ArrayList<>();
        boolean ended;

        ControlledStream(String userId) {
            super(userId, Set.of());
        }

        @Override
        synchronized boolean enqueue(Delivery delivery) {
            if (ended) {
                return false;
            }
            delivery.hold();
            queued.add(delivery);
            return true;
        }

        @Override
        synchronized boolean accepting() {
            return !ended;
        }

        @Override
        void flush() {
        }

        @Override
        void heartbeat() {
        }

        @Override
        void close() {
            die();
        }

        void writeAll() {
            List<Delivery> batch;
            synchronized (this) {
                batch = List.copyOf(queued);
                queued.clear();
            }
            batch.forEach(Delivery::written);
        }

        void die() {
            List<Delivery> batch;
            synchronized (this) {
                ended = true;
                batch = List.copyOf(queued);
                queued.clear();
            }
            app.disconnect(this);
            batch.forEach(Delivery::dropped);
        }
    }

    AcceptedMessage peer(String payload, boolean offline) {
        return new AcceptedMessage("m" + ++ids, MessageType.PEER, "alice", "bob", payload, true, offline, false, "r" + ids,
                clock.instant());
    }

    ControlledStream connect() {
        ControlledStream s = new ControlledStream("bob");
        app.connect(s);
        return s;
    }

    @Test
    void aWaitingCallLearnsOfflineWhenItsOnlyStreamDiesBeforeWritingIt() {
        ControlledStream bob = connect();
        Optional<PendingAck> ack = app.deliverPeer(peer("hi", false), true);
        assertThat(ack.get().outcome).isNotDone();

        bob.die();

        assertThat(ack.get().outcome).isCompletedWithValue(PendingAck.Outcome.OFFLINE);
        assertThat(app.stored("bob")).isEmpty();
        assertThat(app.delivered("bob")).isEmpty();
        assertThat(app.stats().droppedMessages()).isEqualTo(1);
    }

    @Test
    void aMessageADeadStreamDidNotWriteIsStoredWhenOfflineMessagingWasAsked() {
        ControlledStream bob = connect();
        Optional<PendingAck> ack = app.deliverPeer(peer("keep", true), true);

        bob.die();

        assertThat(ack.get().outcome).isCompletedWithValue(PendingAck.Outcome.OFFLINE);
        assertThat(app.stored("bob")).extracting(AcceptedMessage::payload).containsExactly("keep");
        assertThat(app.stats().droppedMessages()).isZero();
    }

    @Test
    void anotherLiveStreamOfTheUserDeliversIt() {
        ControlledStream dies = connect();
        ControlledStream lives = connect();
        Optional<PendingAck> ack = app.deliverPeer(peer("hi", false), true);

        dies.die();
        assertThat(ack.get().outcome).isNotDone();
        lives.writeAll();

        assertThat(ack.get().outcome).isCompletedWithValue(PendingAck.Outcome.DELIVERED);
        assertThat(app.delivered("bob")).extracting(AcceptedMessage::payload).containsExactly("hi");
    }

    @Test
    void aStreamThatOpenedAfterTheOfferGetsItWhenTheFirstDies() {
        ControlledStream first = connect();
        Optional<PendingAck> ack = app.deliverPeer(peer("hi", false), true);
        ControlledStream second = connect();

        first.die();
        second.writeAll();

        assertThat(ack.get().outcome).isCompletedWithValue(PendingAck.Outcome.DELIVERED);
        assertThat(app.delivered("bob")).hasSize(1);
    }

    @Test
    void storedMessagesFlushedToAStreamThatDiesGoBackToTheStoreInOrder() {
        app.deliverPeer(peer("one", true), false);
        app.deliverPeer(peer("two", true), false);
        ControlledStream bob = connect();
        assertThat(app.stored("bob")).isEmpty();
        app.deliverPeer(peer("three", true), false); // queued live on the same stream

        bob.die();

        assertThat(app.stored("bob")).extracting(AcceptedMessage::payload).containsExactly("one", "two", "three");
        ControlledStream again = connect();
        again.writeAll();
        assertThat(app.delivered("bob")).extracting(AcceptedMessage::payload).containsExactly("one", "two", "three");
    }

    @Test
    void aDeliveryWrittenBeforeTheStreamDiedIsDelivered() {
        ControlledStream bob = connect();
        Optional<PendingAck> ack = app.deliverPeer(peer("hi", false), true);

        bob.writeAll();
        bob.die();

        assertThat(ack.get().outcome).isCompletedWithValue(PendingAck.Outcome.DELIVERED);
        assertThat(app.stats().droppedMessages()).isZero();
    }
}
