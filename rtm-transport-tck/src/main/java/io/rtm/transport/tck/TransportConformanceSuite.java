package io.rtm.transport.tck;

import io.rtm.core.spi.Transport;
import io.rtm.core.spi.TransportConfig;
import org.junit.jupiter.api.Nested;

/**
 * The Transport Conformance Kit in one class: every {@link Transport} must pass it. Extend it in your transport's
 * test sources and implement {@link #createTransport(TransportConfig)}:
 *
 * <pre>{@code
 * class MyTransportConformanceTest extends TransportConformanceSuite {
 *     protected Transport createTransport(TransportConfig config) {
 *         return MyTransport.create(config);
 *     }
 * }
 * }</pre>
 *
 * <p>It runs each focused suite of the kit as a {@link Nested} group, with this class's hooks
 * ({@link #threadNamePrefix}, {@link #supportsHeaderCase()}, {@link #closeReleasesIdleConnections()},
 * {@link #maxResponseBytes()}, {@link #defaultConfig()}, {@link #knownDeviations()}):
 * {@link WireFidelitySuite}, {@link FailureSuite}, {@link TimeoutSuite}, {@link CancellationSuite},
 * {@link LifecycleSuite} and {@link HostileServerSuite}. Each of them can also be extended on its own. The TLS and
 * plugin-wiring checks need more than a transport factory and stay separate: {@link TlsConformanceSuite},
 * {@link PluginWiringSuite}.
 */
public abstract class TransportConformanceSuite extends TransportSuite {

    /** For subclasses. */
    protected TransportConformanceSuite() {
    }

    /** {@link WireFidelitySuite} with this class's transport and hooks. */
    @Nested
    class WireFidelityTests extends WireFidelitySuite {
        @Override
        protected Transport createTransport(TransportConfig config) {
            return TransportConformanceSuite.this.createTransport(config);
        }

        @Override
        TransportSuite outer() {
            return TransportConformanceSuite.this;
        }
    }

    /** {@link FailureSuite} with this class's transport and hooks. */
    @Nested
    class FailureTests extends FailureSuite {
        @Override
        protected Transport createTransport(TransportConfig config) {
            return TransportConformanceSuite.this.createTransport(config);
        }

        @Override
        TransportSuite outer() {
            return TransportConformanceSuite.this;
        }
    }

    /** {@link TimeoutSuite} with this class's transport and hooks. */
    @Nested
    class TimeoutTests extends TimeoutSuite {
        @Override
        protected Transport createTransport(TransportConfig config) {
            return TransportConformanceSuite.this.createTransport(config);
        }

        @Override
        TransportSuite outer() {
            return TransportConformanceSuite.this;
        }
    }

    /** {@link CancellationSuite} with this class's transport and hooks. */
    @Nested
    class CancellationTests extends CancellationSuite {
        @Override
        protected Transport createTransport(TransportConfig config) {
            return TransportConformanceSuite.this.createTransport(config);
        }

        @Override
        TransportSuite outer() {
            return TransportConformanceSuite.this;
        }
    }

    /** {@link LifecycleSuite} with this class's transport and hooks. */
    @Nested
    class LifecycleTests extends LifecycleSuite {
        @Override
        protected Transport createTransport(TransportConfig config) {
            return TransportConformanceSuite.this.createTransport(config);
        }

        @Override
        TransportSuite outer() {
            return TransportConformanceSuite.this;
        }
    }

    /** {@link HostileServerSuite} with this class's transport and hooks. */
    @Nested
    class HostileServerTests extends HostileServerSuite {
        @Override
        protected Transport createTransport(TransportConfig config) {
            return TransportConformanceSuite.this.createTransport(config);
        }

        @Override
        TransportSuite outer() {
            return TransportConformanceSuite.this;
        }
    }
}
