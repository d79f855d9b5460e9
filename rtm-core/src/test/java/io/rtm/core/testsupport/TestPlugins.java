package io.rtm.core.testsupport;

import io.rtm.core.BasicCredentials;
import io.rtm.core.Credentials;
import io.rtm.core.TokenCredentials;
import io.rtm.core.Violation;
import io.rtm.core.spi.Authenticator;
import io.rtm.core.spi.AuthenticatorProvider;
import io.rtm.core.spi.Transport;
import io.rtm.core.spi.TransportConfig;
import io.rtm.core.spi.TransportProvider;
import io.rtm.core.spi.Validator;
import io.rtm.core.spi.ValidatorProvider;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Plugin providers for the discovery tests. They are listed only in the services files under
 * {@code src/test/resources/plugin-fixtures/}, read through {@link Fixtures#pluginFixture(String)}.
 */
public final class TestPlugins {

    /** Every transport a fixture provider created, in order (clear it before use). */
    public static final List<ScriptedTransport> CREATED_TRANSPORTS = new CopyOnWriteArrayList<>();

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
}
