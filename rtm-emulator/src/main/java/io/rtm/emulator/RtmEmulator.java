package io.rtm.emulator;

import io.rtm.core.events.ChannelEvent;
import io.rtm.core.events.UserEvent;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A faithful local server of the RTM REST API (the SDK's {@code SPEC.md} and {@code SPEC-HISTORY-EVENTS.md}):
 * the two send APIs, the history API and the user/channel events API under {@code /dev/v2/project/{appid}}, with
 * the service's rules, quotas, status codes and JSON; plus receivers (Server-Sent Events, or in-process
 * {@link Receiver}s), manual or automatic acks, the offline store (200 per receiver, 7 days by the injectable
 * clock), fault injection, and inspection for tests.
 *
 * <pre>{@code
 * try (RtmEmulator emulator = RtmEmulator.builder().build().start()) {
 *     EmulatorApp app = emulator.app();
 *     RtmClient client = Rtm.builder().endpoint(emulator.baseUri().toString()).appId(app.appId())
 *             .credentials(Credentials.basic(app.apiKey(), app.apiSecret())).build();
 *     try (Receiver bob = emulator.connect(app.appId(), "bob")) {
 *         client.sendPeer(PeerMessage.builder().from("alice").to("bob").payload("hi").build());
 *     }
 * }
 * }</pre>
 *
 * <p>Runs on Jetty core with a small thread pool; nothing waits on a parked thread (body reads, SSE writes, ack
 * waits and injected latency are all asynchronous), so it stays far from being the bottleneck of a client
 * benchmark. Thread-safe. {@link #close()} stops the server, ends every stream and leaves no thread behind.
 */
public final class RtmEmulator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RtmEmulator.class);
    /** Connections the listening socket queues for the acceptor. */
    static final int ACCEPT_QUEUE = 1024;

    private final Settings settings;
    private final String host;
    private final int requestedPort;
    private final Map<String, AppState> apps;
    private final EmulatorApp defaultApp;
    private final Server server;
    private final ServerConnector connector;
    private final Scheduler scheduler;
    private final EmulatorHandler handler;
    private final Object lifecycle = new Object();
    private volatile boolean started;
    private volatile boolean closed;
    private volatile Scheduler.Task heartbeat;

    private RtmEmulator(Builder b) {
        this.settings = new Settings(b.clock, b.ticker, b.rateLimitPerSecond, b.historyRateLimitPerSecond,
                b.eventsRateLimitPerSecond, b.historyInProgressReplies, b.ackMode, b.ackTimeout, b.maxBodyBytes,
                b.heartbeatInterval, b.recordLimit);
        this.host = b.host;
        this.requestedPort = b.port;
        List<EmulatorApp> list = b.apps.isEmpty() ? List.of(EmulatorApp.generate()) : b.apps;
        Map<String, AppState> states = new LinkedHashMap<>();
        for (EmulatorApp app : list) {
            if (states.put(app.appId(), new AppState(app, settings)) != null) {
                throw new IllegalArgumentException("two apps with App ID " + app.appId());
            }
        }
        this.apps = java.util.Collections.unmodifiableMap(states); // keeps the configured order
        this.defaultApp = list.get(0);

        QueuedThreadPool pool = new QueuedThreadPool(b.maxThreads, 2);
        pool.setName("rtm-emulator");
        pool.setDaemon(true);
        pool.setReservedThreads(0);
        this.scheduler = new ScheduledExecutorScheduler("rtm-emulator-scheduler", true);
        this.server = new Server(pool, scheduler, null);
        HttpConfiguration http = new HttpConfiguration();
        // We decode the path ourselves, exactly once: Jetty must neither reject nor normalize %2E, %2E%2E, %25, %2F, ';'
        http.setUriCompliance(UriCompliance.from(EnumSet.allOf(UriCompliance.Violation.class)));
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        this.connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(requestedPort);
        // Jetty's 0 means the JVM's backlog of 50: a burst beyond it while the one acceptor is busy lost its SYNs and
        // waited for the 1 s retry. The kernel caps this at net.core.somaxconn.
        connector.setAcceptQueueSize(ACCEPT_QUEUE);
        server.addConnector(connector);
        // long enough for an ack wait or an injected latency; SSE streams stay alive through heartbeats
        connector.setIdleTimeout(Math.max(Math.max(120_000L, settings.ackTimeout().toMillis() + 30_000L),
                2 * settings.heartbeatInterval().toMillis()));
        this.handler = new EmulatorHandler(apps, settings, scheduler, pool);
        server.setHandler(handler);
        server.setErrorHandler(new JsonErrorHandler(handler::nextRequestId));
        server.setStopTimeout(0);
    }

    /** A builder with the defaults: loopback, a free port, one generated app, 500 calls/s, AUTO acks. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts the server. Idempotent.
     *
     * @return this emulator
     * @throws IllegalStateException when closed, or when the server cannot start (e.g. the port is taken)
     */
    public RtmEmulator start() {
        synchronized (lifecycle) {
            if (closed) {
                throw new IllegalStateException("the emulator is closed");
            }
            if (started) {
                return this;
            }
            try {
                server.start();
            } catch (Exception e) {
                stopQuietly();
                throw new IllegalStateException("the emulator could not start on " + host + ":" + requestedPort
                        + ": " + e.getMessage(), e);
            }
            started = true;
            scheduleHeartbeat();
            LOG.info("rtm-emulator listening on {} for App IDs {}", baseUri(), apps.keySet());
            return this;
        }
    }

    /** The HTTP connector (tests pause its acceptor). */
    ServerConnector connector() {
        return connector;
    }

    /** The base URI to give a client as its endpoint, e.g. {@code http://127.0.0.1:41234}. */
    public URI baseUri() {
        requireStarted();
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return URI.create("http://" + h + ":" + connector.getLocalPort());
    }

    /** The port the server listens on. */
    public int port() {
        requireStarted();
        return connector.getLocalPort();
    }

    /** The wall clock the emulator runs on (token expiry, {@code sent_at}, the offline TTL). */
    public Clock clock() {
        return settings.clock();
    }

    /** The first configured app (the generated one when none was configured). */
    public EmulatorApp app() {
        return defaultApp;
    }

    /** Every served app. */
    public List<EmulatorApp> apps() {
        List<EmulatorApp> out = new ArrayList<>();
        for (AppState s : apps.values()) {
            out.add(s.app);
        }
        return List.copyOf(out);
    }

    /**
     * Opens an in-process receiver: {@code userId} is online, and a member of {@code channels}, until the
     * receiver is closed. Stored offline messages are delivered to it first, in order.
     */
    public Receiver connect(String appId, String userId, String... channels) {
        Objects.requireNonNull(userId, "userId");
        Receiver r = new Receiver(state(appId), userId, new LinkedHashSet<>(Arrays.asList(channels)));
        r.open();
        return r;
    }

    /** Sets the faults injected into the send APIs of {@code appId}, from now on ({@link Faults#none()} stops). */
    public void faults(String appId, Faults faults) {
        state(appId).faults(Objects.requireNonNull(faults, "faults"));
    }

    /** The faults currently injected for {@code appId}. */
    public Faults faults(String appId) {
        return state(appId).faults();
    }

    /** Counters of {@code appId} since start or the last {@link #reset()}. */
    public AppStats stats(String appId) {
        return state(appId).stats();
    }

    /** The messages accepted for {@code appId}, oldest first (the newest {@code recordLimit}). */
    public List<AcceptedMessage> accepted(String appId) {
        return state(appId).accepted();
    }

    /** The messages delivered to {@code userId} (written to at least one of its streams), in delivery order. */
    public List<AcceptedMessage> delivered(String appId, String userId) {
        return state(appId).delivered(userId);
    }

    /** The offline messages stored for {@code userId} now (expired ones dropped), oldest first. */
    public List<AcceptedMessage> stored(String appId, String userId) {
        return state(appId).stored(userId);
    }

    /**
     * The history of {@code appId}: the messages sent with {@code enable_historical_messaging} and still kept
     * (7 days by the emulator's clock; the newest {@code recordLimit}), oldest first.
     */
    public List<AcceptedMessage> history(String appId) {
        return state(appId).history();
    }

    /**
     * The user events (Login/Logout) of {@code appId} not yet read through the events API, oldest first; at
     * most 2,000 (older ones were dropped). Reading them here does not remove them.
     */
    public List<UserEvent> userEvents(String appId) {
        return state(appId).userEvents();
    }

    /**
     * The channel events (Join/Leave) of {@code appId} not yet read through the events API, oldest first; at
     * most 2,000. Reading them here does not remove them.
     */
    public List<ChannelEvent> channelEvents(String appId) {
        return state(appId).channelEvents();
    }

    /** Whether {@code userId} has at least one open receiver connection. */
    public boolean isOnline(String appId, String userId) {
        return state(appId).isOnline(userId);
    }

    /**
     * How many requests hit an unexpected exception (answered 500 {@code internal_error}, stack trace logged).
     * Always 0 unless the emulator has a bug; tests assert it.
     */
    public long unexpectedErrors() {
        return handler.unexpectedErrors();
    }

    /**
     * Forgets every app's records, counters, stored messages, history and its queries, events, rate-limit
     * windows and faults, and closes every open receiver connection (without Logout/Leave events). The apps and
     * the server stay.
     */
    public void reset() {
        for (AppState s : apps.values()) {
            s.reset();
        }
    }

    /** Stops the server: ends every stream, closes every connection, stops every thread. Idempotent. */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            Scheduler.Task t = heartbeat;
            if (t != null) {
                t.cancel();
            }
            for (AppState s : apps.values()) {
                for (ReceiverStream stream : s.streams()) {
                    stream.close();
                }
            }
            stopQuietly();
        }
    }

    private void stopQuietly() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("rtm-emulator: error while stopping", e);
        }
    }

    @Override
    public String toString() {
        return "RtmEmulator{" + (started && !closed ? baseUri() : closed ? "closed" : "not started") + ", apps="
                + apps.keySet() + '}';
    }

    private void scheduleHeartbeat() {
        long nanos = settings.heartbeatInterval().toNanos();
        heartbeat = scheduler.schedule(() -> {
            if (closed) {
                return;
            }
            try {
                for (AppState s : apps.values()) {
                    for (ReceiverStream stream : s.streams()) {
                        stream.heartbeat();
                    }
                }
            } catch (RuntimeException e) {
                LOG.error("rtm-emulator: heartbeat failed", e);
            }
            scheduleHeartbeat();
        }, nanos, TimeUnit.NANOSECONDS);
    }

    private AppState state(String appId) {
        AppState s = apps.get(Objects.requireNonNull(appId, "appId"));
        if (s == null) {
            throw new IllegalArgumentException("no app with App ID " + appId + "; served: " + apps.keySet());
        }
        return s;
    }

    private void requireStarted() {
        if (!started) {
            throw new IllegalStateException("the emulator is not started; call start()");
        }
    }

    /** Builds an {@link RtmEmulator}. Not thread-safe. */
    public static final class Builder {
        /**
         * The longest body of a valid send without whitespace: a JSON encoder may escape every character as
         * {@code \}{@code uXXXX}, i.e. 6 bytes per byte of a 32,768-byte ASCII payload (a 4-byte character is a
         * 12-byte surrogate-pair escape, 3 per byte), plus a 64-character ID and the four field names, escaped.
         */
        static final int LONGEST_ESCAPED_SEND_BODY = 6 * 32_768 + 6 * 64
                + 6 * ("destination".length() + "payload".length() + "enable_offline_messaging".length()
                        + "enable_historical_messaging".length())
                + "{\"\":\"\",\"\":\"\",\"\":false,\"\":false}".length();

        /**
         * The least and default {@link #maxBodyBytes}: 256 KiB, the longest escaped valid body (197,437 bytes)
         * plus room for the whitespace an encoder may add.
         */
        public static final int MIN_BODY_BYTES = 256 * 1024;

        private String host = "127.0.0.1";
        private int port;
        private final List<EmulatorApp> apps = new ArrayList<>();
        private Clock clock = Clock.systemUTC();
        private LongSupplier ticker = System::nanoTime;
        private int rateLimitPerSecond = 500;
        private int historyRateLimitPerSecond = 100;
        private int eventsRateLimitPerSecond = 10;
        private int historyInProgressReplies = 1;
        private AckMode ackMode = AckMode.AUTO;
        private Duration ackTimeout = Duration.ofSeconds(10);
        private int maxBodyBytes = MIN_BODY_BYTES;
        private Duration heartbeatInterval = Duration.ofSeconds(15);
        private int recordLimit = 10_000;
        private int maxThreads = 16;

        private Builder() {
        }

        /** The interface to listen on; default {@code 127.0.0.1} (loopback only). */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** The port; default 0, a free port (read it back with {@link RtmEmulator#port()}). */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be in [0, 65535]: " + port);
            }
            this.port = port;
            return this;
        }

        /** Serves this app; call once per app. Without any, one {@link EmulatorApp#generate() generated} app. */
        public Builder app(EmulatorApp app) {
            apps.add(Objects.requireNonNull(app, "app"));
            return this;
        }

        /** The wall clock: token expiry, {@code sent_at}, the 7-day offline TTL. Default the system UTC clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The monotonic nanosecond ticker of the rate limiter; default {@link System#nanoTime()}. */
        public Builder ticker(LongSupplier ticker) {
            this.ticker = Objects.requireNonNull(ticker, "ticker");
            return this;
        }

        /** Accepted calls per App ID to each send API in any one-second window; default 500 (SPEC). At most 1,000,000. */
        public Builder rateLimitPerSecond(int limit) {
            this.rateLimitPerSecond = checkRate("rateLimitPerSecond", limit);
            return this;
        }

        /**
         * Accepted calls per App ID to all history APIs together (query, read, count) in any one-second window;
         * default 100 (SPEC-HISTORY-EVENTS). At most 1,000,000.
         */
        public Builder historyRateLimitPerSecond(int limit) {
            this.historyRateLimitPerSecond = checkRate("historyRateLimitPerSecond", limit);
            return this;
        }

        /** Accepted calls per App ID to each events API in any one-second window; default 10. At most 1,000,000. */
        public Builder eventsRateLimitPerSecond(int limit) {
            this.eventsRateLimitPerSecond = checkRate("eventsRateLimitPerSecond", limit);
            return this;
        }

        private static int checkRate(String name, int limit) {
            if (limit < 1 || limit > 1_000_000) {
                throw new IllegalArgumentException(name + " must be in [1, 1000000]: " + limit);
            }
            return limit;
        }

        /**
         * How many times a history query (each read of its handle) and a count answer {@code "in progress"} before
         * the result, so that clients exercise their polling (the service asks them to wait 2 seconds each time).
         * Default 1; {@link io.rtm.emulator.junit.RtmEmulatorExtension} makes it 0 unless told otherwise.
         */
        public Builder historyInProgressReplies(int replies) {
            if (replies < 0) {
                throw new IllegalArgumentException("historyInProgressReplies must not be negative: " + replies);
            }
            this.historyInProgressReplies = replies;
            return this;
        }

        /** How {@code wait_for_ack=true} calls get acknowledged; default {@link AckMode#AUTO}. */
        public Builder ackMode(AckMode ackMode) {
            this.ackMode = Objects.requireNonNull(ackMode, "ackMode");
            return this;
        }

        /** How long a {@code wait_for_ack=true} call waits before {@code 408 ack_timeout}; default 10 s. */
        public Builder ackTimeout(Duration ackTimeout) {
            if (ackTimeout.isNegative() || ackTimeout.isZero()) {
                throw new IllegalArgumentException("ackTimeout must be positive: " + ackTimeout);
            }
            this.ackTimeout = ackTimeout;
            return this;
        }

        /**
         * The largest request body read; larger is {@code 413 payload_too_large}. Default and least
         * {@link #MIN_BODY_BYTES} (256 KiB), so that every valid message fits in any valid JSON encoding.
         *
         * @throws IllegalArgumentException below {@link #MIN_BODY_BYTES}
         */
        public Builder maxBodyBytes(int maxBodyBytes) {
            if (maxBodyBytes < MIN_BODY_BYTES) {
                throw new IllegalArgumentException("maxBodyBytes must be at least " + MIN_BODY_BYTES + " (a valid message"
                        + " with every character JSON-escaped takes up to " + LONGEST_ESCAPED_SEND_BODY + " bytes): "
                        + maxBodyBytes);
            }
            this.maxBodyBytes = maxBodyBytes;
            return this;
        }

        /**
         * How often SSE streams get a comment heartbeat, which keeps idle streams alive through proxies (a closed
         * stream is noticed at once by its read side, not by heartbeats); default 15 s.
         */
        public Builder heartbeatInterval(Duration interval) {
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("heartbeatInterval must be positive: " + interval);
            }
            this.heartbeatInterval = interval;
            return this;
        }

        /** How many accepted/delivered/history messages are kept per app (and per user), newest; default 10,000. */
        public Builder recordLimit(int recordLimit) {
            if (recordLimit < 1) {
                throw new IllegalArgumentException("recordLimit must be positive: " + recordLimit);
            }
            this.recordLimit = recordLimit;
            return this;
        }

        /** The most server threads; default 16 (nothing blocks, so few are needed). */
        public Builder maxThreads(int maxThreads) {
            if (maxThreads < 4) {
                throw new IllegalArgumentException("maxThreads must be at least 4: " + maxThreads);
            }
            this.maxThreads = maxThreads;
            return this;
        }

        /** Builds the emulator (not started). */
        public RtmEmulator build() {
            return new RtmEmulator(this);
        }

        /** Builds and starts the emulator. */
        public RtmEmulator start() {
            return build().start();
        }
    }
}
