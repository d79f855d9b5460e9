package io.rtm.examples.plugins;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where {@link AuditLogInterceptor} writes its records. Called once per call, on an SDK I/O thread: must be fast,
 * must not block, must be thread-safe. An exception it throws is logged (its class only) and never fails the send.
 */
@FunctionalInterface
public interface AuditSink {

    /** Writes one record. */
    void write(AuditRecord record);

    /** Logs each record's {@link AuditRecord#line()} at INFO through SLF4J, logger {@value AuditSinks#LOGGER_NAME}. */
    static AuditSink slf4j() {
        return AuditSinks.SLF4J;
    }
}

/** Holder of the shared SLF4J sink. */
final class AuditSinks {
    static final String LOGGER_NAME = "rtm.audit";
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER_NAME);
    static final AuditSink SLF4J = new AuditSink() {
        @Override
        public void write(AuditRecord record) {
            LOG.info("{}", record.line());
        }

        @Override
        public String toString() {
            return "AuditSink.slf4j(" + LOGGER_NAME + ")";
        }
    };

    private AuditSinks() {
    }
}
