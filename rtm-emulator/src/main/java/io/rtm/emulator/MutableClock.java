package io.rtm.emulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that tests move by hand, e.g. past the 7-day life of offline messages. It is also a nanosecond
 * ticker for the emulator's rate limiter: pass {@code clock::nanoTime} to {@link RtmEmulator.Builder#ticker}.
 * Thread-safe.
 *
 * <pre>{@code
 * MutableClock clock = MutableClock.startingAt(Instant.parse("2025-01-01T00:00:00Z"));
 * RtmEmulator emulator = RtmEmulator.builder().clock(clock).ticker(clock::nanoTime).build().start();
 * clock.advance(Duration.ofDays(7));
 * }</pre>
 */
public final class MutableClock extends Clock {

    private final AtomicLong epochNanos;
    private final ZoneId zone;

    private MutableClock(AtomicLong epochNanos, ZoneId zone) {
        this.epochNanos = epochNanos;
        this.zone = zone;
    }

    /** A clock standing at {@code start}, in UTC. */
    public static MutableClock startingAt(Instant start) {
        Objects.requireNonNull(start, "start");
        return new MutableClock(new AtomicLong(start.getEpochSecond() * 1_000_000_000L + start.getNano()), ZoneOffset.UTC);
    }

    /** Moves the clock forward (or back, with a negative duration). */
    public void advance(Duration duration) {
        epochNanos.addAndGet(duration.toNanos());
    }

    /** Sets the clock to an instant. */
    public void set(Instant instant) {
        epochNanos.set(instant.getEpochSecond() * 1_000_000_000L + instant.getNano());
    }

    /** The current time in nanoseconds since the epoch: a ticker that moves with {@link #advance}. */
    public long nanoTime() {
        return epochNanos.get();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return new MutableClock(epochNanos, zone);
    }

    @Override
    public Instant instant() {
        long n = epochNanos.get();
        return Instant.ofEpochSecond(Math.floorDiv(n, 1_000_000_000L), Math.floorMod(n, 1_000_000_000L));
    }

    @Override
    public String toString() {
        return "MutableClock[" + instant() + "]";
    }
}
