package io.rtm.core.testsupport;

import io.rtm.core.BasicCredentials;
import io.rtm.core.Credentials;
import io.rtm.core.TokenCredentials;
import io.rtm.core.Violation;
import io.rtm.core.spi.Authenticator;
import io.rtm.core.spi.AuthenticatorProvider;
import io.rtm.core.spi.Quota;
import io.rtm.core.spi.RateLimiter;
import io.rtm.core.spi.RateLimiterProvider;
import io.rtm.core.spi.Transport;
import io.rtm.core.spi.TransportConfig;
import io.rtm.core.spi.TransportProvider;
import io.rtm.core.spi.Validator;
import io.rtm.core.spi.ValidatorProvider;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Plugin providers for the discovery tests. They are listed only in the services files under
 * {@code src/test/resources/plugin-fixtures/}, read through {@link Fixtures#pluginFixture(String)}.
 */
public final class TestPlugins {

    /** Every transport a fixture provider created, in order (clear it before use). */
    public static final List<ScriptedTransport> CREATED_TRANSPORTS = new CopyOnWriteArrayList<>();
    /** The names of the providers that created them, in the same order. */
    public static final List<String> CREATED_TRANSPORT_NAMES = new CopyOnWriteArrayList<>();
    /** Every rate limiter a fixture provider created, in order (clear it before use). */
    public static final List<RecordingLimiter> CREATED_LIMITERS = new CopyOnWriteArrayList<>();

    private TestPlugins() {
    }

    abstract static class TransportBase implements TransportProvider {
        private final String name;
        private final int priority;

        TransportBase(String name, int priority) {
            this.name = name;
            this.priority = priority;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public int priority() {
            return priority;
        }

        @Override
        public Transport create(TransportConfig config) {
            ScriptedTransport t = new ScriptedTransport().otherwise(r -> CompletableFuture.completedFuture(
                    ScriptedTransport.response(200, ScriptedTransport.SENT_BODY)));
            CREATED_TRANSPORTS.add(t);
            CREATED_TRANSPORT_NAMES.add(name);
            return t;
        }
    }

    public static final class HighTransport extends TransportBase {
        public HighTransport() {
            super("high", 100);
        }
    }

    public static final class LowTransport extends TransportBase {
        public LowTransport() {
            super("low", 10);
        }
    }

    public static final class TieATransport extends TransportBase {
        public TieATransport() {
            super("tie-a", 50);
        }
    }

    public static final class TieBTransport extends TransportBase {
        public TieBTransport() {
            super("tie-b", 50);
        }
    }

    abstract static class AuthBase implements AuthenticatorProvider {
        private final String name;
        private final int priority;
        private final Class<? extends Credentials> supported;

        AuthBase(String name, int priority, Class<? extends Credentials> supported) {
            this.name = name;
            this.priority = priority;
            this.supported = supported;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public int priority() {
            return priority;
        }

        @Override
        public boolean supports(Credentials credentials) {
            return supported.isInstance(credentials);
        }

        @Override
        public Authenticator create(Credentials credentials) {
            if (!supports(credentials)) {
                throw new AssertionError(name + " was asked to create an authenticator for unsupported " + credentials);
            }
            return TestAuthenticator.basic();
        }
    }

    /** Supports Basic credentials only; the highest priority. */
    public static final class BasicOnlyAuth extends AuthBase {
        public BasicOnlyAuth() {
            super("basic-only", 100, BasicCredentials.class);
        }
    }

    /** Supports token credentials only. */
    public static final class TokenOnlyAuth extends AuthBase {
        public TokenOnlyAuth() {
            super("token-only", 50, TokenCredentials.class);
        }
    }

    /** Supports every credential kind; the lowest priority. */
    public static final class AnyAuth extends AuthBase {
        public AnyAuth() {
            super("any", 1, Credentials.class);
        }
    }

    abstract static class ValidatorBase implements ValidatorProvider {
        private final String name;
        private final int priority;
        private final List<Violation> violations;

        ValidatorBase(String name, int priority, List<Violation> violations) {
            this.name = name;
            this.priority = priority;
            this.violations = violations;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public int priority() {
            return priority;
        }

        @Override
        public Validator create() {
            return violations.isEmpty() ? TestValidator.acceptAll() : TestValidator.rejecting(violations.toArray(Violation[]::new));
        }
    }

    /** Rejects everything; the highest priority. */
    public static final class StrictValidator extends ValidatorBase {
        public StrictValidator() {
            super("strict", 100, List.of(new Violation("payload", "strict", "rejected by the strict test validator")));
        }
    }

    /** Accepts everything. */
    public static final class LenientValidator extends ValidatorBase {
        public LenientValidator() {
            super("lenient", 10, List.of());
        }
    }

    /** A limiter that grants every permit at once, counting them, and records its closing. */
    public static final class RecordingLimiter implements RateLimiter, AutoCloseable {
        public final String provider;
        /** The setting its provider was configured with. */
        public final String setting;
        public final AtomicInteger acquires = new AtomicInteger();
        public final AtomicBoolean closed = new AtomicBoolean();

        public RecordingLimiter(String provider, String setting) {
            this.provider = provider;
            this.setting = setting;
        }

        @Override
        public CompletableFuture<Permit> acquire(Quota quota, Duration maxWait) {
            acquires.incrementAndGet();
            return CompletableFuture.completedFuture(Permit.immediate());
        }

        @Override
        public void penalize(Quota quota, Duration retryAfter) {
        }

        @Override
        public void close() {
            closed.set(true);
        }
    }

    abstract static class LimiterBase implements RateLimiterProvider {
        private final String name;
        private final int priority;
        private final String setting;

        LimiterBase(String name, int priority, String setting) {
            this.name = name;
            this.priority = priority;
            this.setting = setting;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public int priority() {
            return priority;
        }

        @Override
        public boolean configured(Settings settings) {
            return settings.get(setting).isPresent();
        }

        @Override
        public RateLimiter create(Settings settings) {
            String value = settings.get(setting).orElseThrow(() -> new io.rtm.core.error.RtmConfigurationException(
                    "set " + Settings.describe(setting) + " to use the '" + name + "' rate limiter"));
            RecordingLimiter limiter = new RecordingLimiter(name, value);
            CREATED_LIMITERS.add(limiter);
            return limiter;
        }
    }

    /** Configured by {@code rtm.test-fleet-url}; priority 100. */
    public static final class FleetLimiterProvider extends LimiterBase {
        public FleetLimiterProvider() {
            super("fleet", 100, "rtm.test-fleet-url");
        }
    }

    /** Configured by {@code rtm.test-backup}; priority 10. */
    public static final class BackupLimiterProvider extends LimiterBase {
        public BackupLimiterProvider() {
            super("backup", 10, "rtm.test-backup");
        }
    }
}
