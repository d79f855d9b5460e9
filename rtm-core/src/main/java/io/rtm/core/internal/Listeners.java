package io.rtm.core.internal;

import io.rtm.core.spi.CallContext;
import io.rtm.core.spi.CallListener;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Fans pipeline events out to every {@link CallListener}; a listener that throws is logged, never propagated. */
final class Listeners {

    private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);

    private final List<CallListener> listeners;

    Listeners(List<CallListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    void retry(CallContext call, String reason, Duration delay) {
        for (CallListener l : listeners) {
            try {
                l.onRetry(call, reason, delay);
            } catch (RuntimeException e) {
                LOG.warn("call listener {} failed in onRetry", l.getClass().getName(), e);
            }
        }
    }

    void rateLimitWaited(CallContext call, Duration waited) {
        for (CallListener l : listeners) {
            try {
                l.onRateLimitWait(call, waited);
            } catch (RuntimeException e) {
                LOG.warn("call listener {} failed in onRateLimitWait", l.getClass().getName(), e);
            }
        }
    }

    void rateLimitRejected(CallContext call, Duration wouldWait) {
        for (CallListener l : listeners) {
            try {
                l.onRateLimitRejected(call, wouldWait);
            } catch (RuntimeException e) {
                LOG.warn("call listener {} failed in onRateLimitRejected", l.getClass().getName(), e);
            }
        }
    }
}
