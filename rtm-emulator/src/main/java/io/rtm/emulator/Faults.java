package io.rtm.emulator;

import java.time.Duration;
import java.util.Objects;

/**
 * Faults the emulator injects into the send APIs of one app, for reliability tests. Immutable; set with
 * {@link RtmEmulator#faults(String, Faults)} at any time, {@link #none()} to stop.
 *
 * <p>Each call that passed authentication, validation and the rate limit draws ONE random number that picks at
 * most one outcome, in this order of the probabilities: {@code 500 internal_error}, {@code 408 timeout},
 * connection dropped without a response, accepted-then-{@code 500}, accepted-then-dropped; the rest succeed.
 * The first three happen <em>before</em> the message is accepted (it is delivered to nobody and not counted as
 * accepted); the two {@code afterAccept} ones happen after it was accepted and delivered, so a client that
 * retries them produces a duplicate, as with the real service. Latency (fixed plus a uniform random part) is
 * added before the outcome, without parking a thread. With the same {@link #seed()} and the same sequence of
 * calls, the outcomes repeat exactly.
 *
 * <pre>{@code
 * emulator.faults(appId, Faults.builder().errorProbability(0.1).latency(Duration.ofMillis(20)).seed(42).build());
 * }</pre>
 *
 * @param errorProbability            chance of {@code 500 internal_error} before acceptance
 * @param timeoutProbability          chance of {@code 408 timeout} before acceptance
 * @param dropProbability             chance of closing the connection without a response, before acceptance
 * @param afterAcceptErrorProbability chance of {@code 500 internal_error} after the message was accepted
 * @param afterAcceptDropProbability  chance of closing the connection after the message was accepted
 * @param latency                     fixed latency added to every call that reaches fault injection
 * @param latencyJitter               a further random latency, uniform in {@code [0, latencyJitter]}
 * @param seed                        seed of the random numbers
 */
public record Faults(double errorProbability, double timeoutProbability, double dropProbability,
        double afterAcceptErrorProbability, double afterAcceptDropProbability, Duration latency,
        Duration latencyJitter, long seed) {

    private static final Faults NONE = builder().seed(0).build();

    /** Checks that each probability is in [0, 1], that they sum to at most 1, and that latencies are not negative. */
    public Faults {
        check("errorProbability", errorProbability);
        check("timeoutProbability", timeoutProbability);
        check("dropProbability", dropProbability);
        check("afterAcceptErrorProbability", afterAcceptErrorProbability);
        check("afterAcceptDropProbability", afterAcceptDropProbability);
        double sum = errorProbability + timeoutProbability + dropProbability + afterAcceptErrorProbability
                + afterAcceptDropProbability;
        if (sum > 1.0 + 1e-9) {
            throw new IllegalArgumentException("the fault probabilities sum to " + sum + ", more than 1");
        }
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(latencyJitter, "latencyJitter");
        if (latency.isNegative() || latencyJitter.isNegative()) {
            throw new IllegalArgumentException("latency and latencyJitter must not be negative");
        }
    }

    private static void check(String name, double p) {
        if (!(p >= 0.0 && p <= 1.0)) {
            throw new IllegalArgumentException(name + " must be in [0, 1]: " + p);
        }
    }

    /** No faults, no latency. */
    public static Faults none() {
        return NONE;
    }

    /** A builder; everything defaults to zero, the seed to a random one. */
    public static Builder builder() {
        return new Builder();
    }

    /** Whether this injects nothing at all. */
    public boolean isNone() {
        return errorProbability == 0 && timeoutProbability == 0 && dropProbability == 0
                && afterAcceptErrorProbability == 0 && afterAcceptDropProbability == 0
                && latency.isZero() && latencyJitter.isZero();
    }

    /** Builds {@link Faults}. Not thread-safe. */
    public static final class Builder {
        private double errorProbability;
        private double timeoutProbability;
        private double dropProbability;
        private double afterAcceptErrorProbability;
        private double afterAcceptDropProbability;
        private Duration latency = Duration.ZERO;
        private Duration latencyJitter = Duration.ZERO;
        private long seed = System.nanoTime();

        private Builder() {
        }

        /** Chance of {@code 500 internal_error}, before the message is accepted. */
        public Builder errorProbability(double p) {
            this.errorProbability = p;
            return this;
        }

        /** Chance of {@code 408 timeout}, before the message is accepted. */
        public Builder timeoutProbability(double p) {
            this.timeoutProbability = p;
            return this;
        }

        /** Chance of closing the connection without a response, before the message is accepted. */
        public Builder dropProbability(double p) {
            this.dropProbability = p;
            return this;
        }

        /** Chance of {@code 500 internal_error} after the message was accepted and delivered. */
        public Builder afterAcceptErrorProbability(double p) {
            this.afterAcceptErrorProbability = p;
            return this;
        }

        /** Chance of closing the connection after the message was accepted and delivered. */
        public Builder afterAcceptDropProbability(double p) {
            this.afterAcceptDropProbability = p;
            return this;
        }

        /** A fixed latency added to every call that reaches fault injection. */
        public Builder latency(Duration latency) {
            this.latency = latency;
            return this;
        }

        /** Latency uniform in {@code [min, max]}: {@code min} fixed plus up to {@code max - min} at random. */
        public Builder latency(Duration min, Duration max) {
            if (max.compareTo(min) < 0) {
                throw new IllegalArgumentException("max latency " + max + " is below min " + min);
            }
            this.latency = min;
            this.latencyJitter = max.minus(min);
            return this;
        }

        /** The seed of the random numbers, for repeatable runs. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Builds the faults. */
        public Faults build() {
            return new Faults(errorProbability, timeoutProbability, dropProbability, afterAcceptErrorProbability,
                    afterAcceptDropProbability, latency, latencyJitter, seed);
        }
    }
}
