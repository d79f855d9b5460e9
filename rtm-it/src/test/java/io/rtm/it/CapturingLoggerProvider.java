package io.rtm.it;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * rtm-it's SLF4J backend (test scope, in place of slf4j-simple): INFO and above go to stderr as slf4j-simple writes them;
 * while {@link #capture()} is on, every logger of the JVM is at TRACE and every event (formatted message, the thread's
 * MDC and the text of its throwable, stack trace included) is recorded, so a test can scan all that the SDK would log
 * ({@link #captureAtInfo()}: the same with every logger at INFO).
 * The level is read on every call, so loggers created long before (static fields) follow it. Thread-safe.
 */
public final class CapturingLoggerProvider implements SLF4JServiceProvider {

    /** One recorded event, with the MDC of its thread at the time. */
    record Event(Level level, String logger, String thread, Map<String, String> mdc, String message, String throwable) {
        /** Everything the event would write (an appender's pattern may print the MDC too). */
        String text() {
            return "[" + thread + "] " + level + " " + logger + (mdc.isEmpty() ? "" : " " + mdc) + " - " + message
                    + (throwable.isEmpty() ? "" : "\n" + throwable);
        }
    }

    private static volatile boolean capturing;
    /** The level every logger is at. */
    private static volatile Level threshold = Level.INFO;
    private static final List<Event> EVENTS = new ArrayList<>();

    /** Puts every logger at TRACE and records every event until {@link #stop()}. */
    static void capture() {
        captureAt(Level.TRACE);
    }

    /** Keeps every logger at INFO and records every event until {@link #stop()}. */
    static void captureAtInfo() {
        captureAt(Level.INFO);
    }

    private static void captureAt(Level level) {
        synchronized (EVENTS) {
            EVENTS.clear();
        }
        threshold = level;
        capturing = true;
    }

    /** Back to INFO; returns what was recorded since {@link #capture()}. */
    static List<Event> stop() {
        capturing = false;
        threshold = Level.INFO;
        synchronized (EVENTS) {
            List<Event> out = List.copyOf(EVENTS);
            EVENTS.clear();
            return out;
        }
    }

    private final ConcurrentHashMap<String, Logger> loggers = new ConcurrentHashMap<>();
    private final ILoggerFactory factory = name -> loggers.computeIfAbsent(name, CapturingLogger::new);
    private final IMarkerFactory markers = new BasicMarkerFactory();
    /** One for the JVM: the MDC the SDK writes is the one the events read. */
    private static final BasicMDCAdapter MDC_ADAPTER = new BasicMDCAdapter();

    /** Created by {@link java.util.ServiceLoader}. */
    public CapturingLoggerProvider() {
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return factory;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return MDC_ADAPTER;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
    }

    private static final class CapturingLogger extends LegacyAbstractLogger {
        private static final long serialVersionUID = 1L;

        CapturingLogger(String name) {
            this.name = name;
        }

        private static boolean enabled(Level level) {
            return level.toInt() >= threshold.toInt();
        }

        @Override
        public boolean isTraceEnabled() {
            return enabled(Level.TRACE);
        }

        @Override
        public boolean isDebugEnabled() {
            return enabled(Level.DEBUG);
        }

        @Override
        public boolean isInfoEnabled() {
            return enabled(Level.INFO);
        }

        @Override
        public boolean isWarnEnabled() {
            return enabled(Level.WARN);
        }

        @Override
        public boolean isErrorEnabled() {
            return enabled(Level.ERROR);
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments, Throwable throwable) {
            String message = MessageFormatter.basicArrayFormat(pattern, arguments);
            String trace = "";
            if (throwable != null) {
                StringWriter sw = new StringWriter();
                throwable.printStackTrace(new PrintWriter(sw));
                trace = sw.toString();
            }
            Map<String, String> context = MDC_ADAPTER.getCopyOfContextMap();
            Event event = new Event(level, name, Thread.currentThread().getName(), context == null ? Map.of() : context,
                    message, trace);
            if (capturing) {
                synchronized (EVENTS) {
                    EVENTS.add(event);
                }
            }
            if (level.toInt() >= Level.INFO.toInt()) {
                PrintStream err = System.err;
                err.println(event.text());
            }
        }
    }
}
