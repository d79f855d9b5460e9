package io.rtm.emulator.junit;

import io.rtm.auth.token.RtmTokenBuilder;
import io.rtm.core.Credentials;
import io.rtm.core.Rtm;
import io.rtm.core.RtmBuilder;
import io.rtm.core.events.ChannelEvent;
import io.rtm.core.events.UserEvent;
import io.rtm.emulator.AcceptedMessage;
import io.rtm.emulator.EmulatorApp;
import io.rtm.emulator.MessageType;
import io.rtm.emulator.Receiver;
import io.rtm.emulator.RtmEmulator;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.AssertionFailedError;

/**
 * The RTM test kit for JUnit 5: an {@link RtmEmulator} for your tests, clients wired to it, and assertions that
 * wait for messages to arrive.
 *
 * <pre>{@code
 * class NotificationServiceTest {
 *     @RegisterExtension
 *     static RtmEmulatorExtension rtm = RtmEmulatorExtension.create();
 *
 *     @Test
 *     void notifiesBob() {
 *         try (RtmClient client = rtm.clientBuilder().build()) {
 *             rtm.connect("bob");                                     // bob is online
 *             new NotificationService(client).notify("bob", "hi");
 *             rtm.assertThatUser("bob").received().payloads().containsExactly("hi");
 *         }
 *     }
 * }
 * }</pre>
 *
 * <p>In a {@code static} field the emulator starts once for the class and is {@linkplain RtmEmulator#reset()
 * reset} after each test (records, counters, stored messages, history, events, rate-limit windows and faults
 * forgotten; receivers closed); in an instance field each test gets a fresh emulator. Assertions poll, by default
 * for up to 5 s. History queries and counts answer at once ({@code historyInProgressReplies(0)}) unless the
 * options ask for "in progress" answers.
 */
public final class RtmEmulatorExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback {

    private final Consumer<RtmEmulator.Builder> options;
    private final Duration timeout;
    private final EmulatorApp app;
    private volatile RtmEmulator emulator;
    private int classLevels;

    private RtmEmulatorExtension(Builder b) {
        this.options = b.options;
        this.timeout = b.timeout;
        this.app = b.app != null ? b.app : EmulatorApp.generate();
    }

    /** An extension with the emulator's defaults and one generated app. */
    public static RtmEmulatorExtension create() {
        return builder().build();
    }

    /** A builder, to pass emulator options or change the assertion timeout. */
    public static Builder builder() {
        return new Builder();
    }

    // ---- lifecycle ---------------------------------------------------------------------------------------

    @Override
    public synchronized void beforeAll(ExtensionContext context) {
        if (classLevels++ == 0) {
            start();
        }
    }

    @Override
    public synchronized void beforeEach(ExtensionContext context) {
        if (emulator == null) {
            start();
        }
    }

    @Override
    public synchronized void afterEach(ExtensionContext context) {
        if (classLevels > 0) {
            emulator.reset();
        } else {
            stop();
        }
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) {
        if (--classLevels == 0) {
            stop();
        }
    }

    private void start() {
        // history answers at once in tests (a client would wait 2 s per "in progress"); options may ask for polling
        RtmEmulator.Builder b = RtmEmulator.builder().app(app).historyInProgressReplies(0);
        options.accept(b);
        emulator = b.build().start();
    }

    private void stop() {
        RtmEmulator e = emulator;
        emulator = null;
        if (e != null) {
            e.close();
        }
    }

    // ---- access ------------------------------------------------------------------------------------------

    /** The running emulator. */
    public RtmEmulator emulator() {
        RtmEmulator e = emulator;
        if (e == null) {
            throw new IllegalStateException("the emulator runs only during tests (register the extension with "
                    + "@RegisterExtension)");
        }
        return e;
    }

    /** The app the client builder and the assertions use. */
    public EmulatorApp app() {
        return app;
    }

    /** The endpoint of the emulator, e.g. {@code http://127.0.0.1:41234}. */
    public URI baseUri() {
        return emulator().baseUri();
    }

    /** A client builder with the emulator's endpoint, the app's ID and its Basic credentials; adjust and build. */
    public RtmBuilder clientBuilder() {
        return Rtm.builder().endpoint(baseUri().toString()).appId(app.appId())
                .credentials(Credentials.basic(app.apiKey(), app.apiSecret()));
    }

    /** An RTM token for {@code uid}, valid for 24 hours by the emulator's clock. */
    public String tokenFor(String uid) {
        return tokenFor(uid, Duration.ofHours(24));
    }

    /** An RTM token for {@code uid}, valid for {@code validity} by the emulator's clock. */
    public String tokenFor(String uid, Duration validity) {
        long expiry = emulator().clock().instant().plus(validity).getEpochSecond();
        return RtmTokenBuilder.buildToken(app.appId(), app.appCertificate(), uid, expiry);
    }

    /** Connects {@code userId} as an in-process receiver (online, member of {@code channels}) until reset. */
    public Receiver connect(String userId, String... channels) {
        return emulator().connect(app.appId(), userId, channels);
    }

    // ---- assertions --------------------------------------------------------------------------------------

    /** Assertions on what {@code userId} received or has stored. */
    public UserAssert assertThatUser(String userId) {
        return new UserAssert(emulator(), app.appId(), Objects.requireNonNull(userId, "userId"), timeout);
    }

    /** Assertions on the channel messages accepted for {@code channel}, in order. */
    public MessagesAssert assertThatChannel(String channel) {
        Objects.requireNonNull(channel, "channel");
        RtmEmulator e = emulator();
        return new MessagesAssert("channel '" + channel + "'", () -> e.accepted(app.appId()).stream()
                .filter(m -> m.type() == MessageType.CHANNEL && m.to().equals(channel)).collect(Collectors.toList()), timeout);
    }

    /** Assertions on the app's history (messages sent with {@code enable_historical_messaging}), oldest first. */
    public MessagesAssert assertThatHistory() {
        RtmEmulator e = emulator();
        return new MessagesAssert("history", () -> e.history(app.appId()), timeout);
    }

    /** The app's history now, oldest first (see {@link RtmEmulator#history(String)}). */
    public List<AcceptedMessage> history() {
        return emulator().history(app.appId());
    }

    /** The app's user events not yet read through the events API, oldest first. */
    public List<UserEvent> userEvents() {
        return emulator().userEvents(app.appId());
    }

    /** The app's channel events not yet read through the events API, oldest first. */
    public List<ChannelEvent> channelEvents() {
        return emulator().channelEvents(app.appId());
    }

    /** {@code "<user_id> <type>"}, e.g. {@code "bob Login"}: the form the assertions compare. */
    static String brief(UserEvent e) {
        return e.userId() + ' ' + e.type();
    }

    /** {@code "<channel_id> <user_id> <type>"}, e.g. {@code "room bob Join"}: the form the assertions compare. */
    static String brief(ChannelEvent e) {
        return e.channelId() + ' ' + e.userId() + ' ' + e.type();
    }

    /**
     * Assertions on the user events not yet read, as {@code "<user_id> <Type>"} strings, e.g.
     * {@code rtm.assertThatUserEvents().containsExactly("bob Login", "bob Logout")}.
     */
    public ValuesAssert assertThatUserEvents() {
        RtmEmulator e = emulator();
        return new ValuesAssert("user events", () -> e.userEvents(app.appId()).stream().map(RtmEmulatorExtension::brief)
                .collect(Collectors.toList()), timeout);
    }

    /**
     * Assertions on the channel events not yet read, as {@code "<channel_id> <user_id> <Type>"} strings, e.g.
     * {@code rtm.assertThatChannelEvents().containsExactly("room bob Join")}.
     */
    public ValuesAssert assertThatChannelEvents() {
        RtmEmulator e = emulator();
        return new ValuesAssert("channel events", () -> e.channelEvents(app.appId()).stream().map(RtmEmulatorExtension::brief)
                .collect(Collectors.toList()), timeout);
    }

    /**
     * Waits until at least {@code count} messages were delivered to {@code userId}.
     *
     * @return the delivered messages, in order
     * @throws AssertionFailedError when fewer arrive within the timeout
     */
    public List<AcceptedMessage> awaitDelivered(String userId, int count) {
        RtmEmulator e = emulator();
        List<AcceptedMessage> got = Polling.await(() -> e.delivered(app.appId(), userId), l -> l.size() >= count,
                l -> false, timeout);
        if (got.size() < count) {
            throw new AssertionFailedError("user '" + userId + "' received " + got.size() + " messages within "
                    + timeout.toMillis() + " ms, expected at least " + count, count, got.size());
        }
        return got;
    }

    @Override
    public String toString() {
        RtmEmulator e = emulator;
        return "RtmEmulatorExtension{" + (e == null ? "stopped" : e.toString()) + '}';
    }

    /** Builds an {@link RtmEmulatorExtension}. Not thread-safe. */
    public static final class Builder {
        private Consumer<RtmEmulator.Builder> options = b -> { };
        private Duration timeout = Duration.ofSeconds(5);
        private EmulatorApp app;

        private Builder() {
        }

        /**
         * Emulator options, e.g. {@code b -> b.ackMode(AckMode.MANUAL).rateLimitPerSecond(10_000)}. The extension
         * sets {@code historyInProgressReplies(0)} first (history answers at once); set it here to exercise polling.
         */
        public Builder options(Consumer<RtmEmulator.Builder> options) {
            this.options = Objects.requireNonNull(options, "options");
            return this;
        }

        /** The app the extension uses (default: generated). Further apps can be added through {@link #options}. */
        public Builder app(EmulatorApp app) {
            this.app = Objects.requireNonNull(app, "app");
            return this;
        }

        /** How long the assertions wait; default 5 s. */
        public Builder timeout(Duration timeout) {
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("timeout must not be negative");
            }
            this.timeout = timeout;
            return this;
        }

        /** Builds the extension. */
        public RtmEmulatorExtension build() {
            return new RtmEmulatorExtension(this);
        }
    }
}
