package io.rtm.metrics;

import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs a meter that could not be recorded (e.g. a registry whose meter filter throws): a warning the first time,
 * then at debug level, so a broken registry cannot flood the log from every call. Thread-safe.
 */
final class Failures {

    private static final Logger LOG = LoggerFactory.getLogger(Failures.class);

    private final AtomicBoolean warned = new AtomicBoolean();

    void couldNotRecord(String meter, RuntimeException e) {
        if (warned.compareAndSet(false, true)) {
            LOG.warn("could not record {} (later failures are logged at debug level)", meter, e);
        } else {
            LOG.debug("could not record {}", meter, e);
        }
    }
}
