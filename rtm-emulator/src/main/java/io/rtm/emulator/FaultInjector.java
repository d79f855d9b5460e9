package io.rtm.emulator;

import java.util.Random;

/** Draws the fault outcome of each call from one seeded sequence, so a run repeats exactly. Thread-safe. */
final class FaultInjector {

    enum Outcome { NONE, ERROR, TIMEOUT, DROP, AFTER_ACCEPT_ERROR, AFTER_ACCEPT_DROP }

    record Decision(Outcome outcome, long latencyNanos) {
        static final Decision NONE = new Decision(Outcome.NONE, 0);

        boolean beforeAccept() {
            return outcome == Outcome.ERROR || outcome == Outcome.TIMEOUT || outcome == Outcome.DROP;
        }
    }

    static final FaultInjector NONE = new FaultInjector(Faults.none());

    final Faults faults;
    private final Random random;

    FaultInjector(Faults faults) {
        this.faults = faults;
        this.random = new Random(faults.seed());
    }

    Decision next() {
        if (faults.isNone()) {
            return Decision.NONE;
        }
        double u;
        double jitter;
        synchronized (this) {
            u = random.nextDouble();
            jitter = faults.latencyJitter().isZero() ? 0 : random.nextDouble();
        }
        long latency = faults.latency().toNanos() + (long) (jitter * faults.latencyJitter().toNanos());
        double edge = faults.errorProbability();
        Outcome outcome;
        if (u < edge) {
            outcome = Outcome.ERROR;
        } else if (u < (edge += faults.timeoutProbability())) {
            outcome = Outcome.TIMEOUT;
        } else if (u < (edge += faults.dropProbability())) {
            outcome = Outcome.DROP;
        } else if (u < (edge += faults.afterAcceptErrorProbability())) {
            outcome = Outcome.AFTER_ACCEPT_ERROR;
        } else if (u < edge + faults.afterAcceptDropProbability()) {
            outcome = Outcome.AFTER_ACCEPT_DROP;
        } else {
            outcome = Outcome.NONE;
        }
        return new Decision(outcome, latency);
    }
}
