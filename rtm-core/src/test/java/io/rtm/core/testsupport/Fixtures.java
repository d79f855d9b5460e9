package io.rtm.core.testsupport;

import io.rtm.core.ChannelMessage;
import io.rtm.core.PeerMessage;
import io.rtm.core.Rtm;
import io.rtm.core.RtmBuilder;
import io.rtm.core.SendResult;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Shared messages, builders and helpers of the rtm-core tests. */
public final class Fixtures {

    /** Nothing listens there: tests hand the builder an in-memory transport. */
    public static final String ENDPOINT = "http://127.0.0.1:1";
    public static final String APP_ID = "app1";

    private Fixtures() {
    }

    public static PeerMessage peer() {
        return PeerMessage.builder().from("alice").to("bob").payload("hi").build();
    }

    public static ChannelMessage channel() {
        return ChannelMessage.builder().from("alice").channel("lobby").payload("hi").build();
    }

    /** A builder with the transport, an accept-all validator and the Basic test authenticator; 5 s deadline. */
    public static RtmBuilder builder(ScriptedTransport transport) {
        return builder(transport, TestAuthenticator.basic());
    }

    public static RtmBuilder builder(ScriptedTransport transport, TestAuthenticator authenticator) {
        return Rtm.builder().appId(APP_ID).endpoint(ENDPOINT).transport(transport)
                .validator(TestValidator.acceptAll()).authenticator(authenticator)
                .callTimeout(Duration.ofSeconds(5));
    }

    /** Waits (at most 5 s) for the future and returns its failure, unwrapped; fails if it succeeded. */
    public static Throwable failureOf(CompletableFuture<?> future) {
        try {
            Object value = future.get(5, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure, got " + value);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("the future did not complete", e);
        }
    }

    /** Waits (at most 5 s) for a result. */
    public static SendResult resultOf(CompletableFuture<SendResult> future) {
        try {
            return future.get(5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("expected a result, got " + e.getCause(), e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("the future did not complete", e);
        }
    }

    /**
     * A class loader that sees the test classes and, as its only {@code META-INF/services} entries, those of
     * {@code src/test/resources/plugin-fixtures/<name>/}. Keeping the services files out of the test class path's
     * own {@code META-INF} means no other test discovers these providers by accident.
     */
    public static ClassLoader pluginFixture(String name) {
        URL dir = Fixtures.class.getResource("/plugin-fixtures/" + name + "/");
        if (dir == null) {
            throw new IllegalArgumentException("no plugin fixture " + name);
        }
        return new URLClassLoader(new URL[] {dir}, Fixtures.class.getClassLoader());
    }

    /** A class loader with no plugin at all. */
    public static ClassLoader noPlugins() {
        return new URLClassLoader(new URL[0], Fixtures.class.getClassLoader());
    }
}
