package io.rtm.core.internal;

import io.rtm.core.ChannelMessage;
import io.rtm.core.Credentials;
import io.rtm.core.PeerMessage;
import io.rtm.core.spi.HttpHeaders;
import io.rtm.core.spi.HttpResponse;
import io.rtm.core.spi.ServiceReply;
import java.net.URI;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Function;

/**
 * Test fixtures: the one door from outside rtm-core to its package-private internals, for rtm-benchmarks (which
 * measures them) and nothing else. Shipped only in rtm-core's test jar ({@code <type>test-jar</type>}), never in the
 * library: the internals stay free to change.
 */
public final class Internals {

    private Internals() {
    }

    /** The request body of a peer message, exactly as the client sends it. */
    public static byte[] encode(PeerMessage message) {
        return JsonCodec.encode(message);
    }

    /** The request body of a channel message, exactly as the client sends it. */
    public static byte[] encode(ChannelMessage message) {
        return JsonCodec.encode(message);
    }

    /** A reply body read as the client reads it. */
    public static ServiceReply decodeReply(byte[] body) {
        return ServiceReply.of(HttpResponse.of(200, HttpHeaders.empty(), body));
    }

    /** One percent-encoded path segment, as the client encodes a user ID. */
    public static String pathSegment(String segment) {
        return PathSegments.encode(segment);
    }

    /** The client's request-target cache for peer messages to this endpoint and App ID. */
    public static Function<PeerMessage, URI> peerTargets(String endpoint, String appId) {
        RequestTargets targets = new RequestTargets(endpoint, appId);
        return m -> targets.uri(Operations.SEND_PEER, m);
    }

    /** The client's timer thread. */
    public interface Timer extends AutoCloseable {
        /** Runs the task after the delay. */
        ScheduledFuture<?> schedule(Runnable task, long delayNanos);

        @Override
        void close();
    }

    /** A new timer thread (close it). */
    public static Timer timer() {
        RtmScheduler scheduler = new RtmScheduler();
        return new Timer() {
            @Override
            public ScheduledFuture<?> schedule(Runnable task, long delayNanos) {
                return scheduler.schedule(task, delayNanos);
            }

            @Override
            public void close() {
                scheduler.close();
            }
        };
    }

    /** Discovers the transport, validator and authenticator providers as a client does (start-up probes). */
    public static void discoverPlugins(Credentials credentials) {
        PluginLoader loader = new PluginLoader();
        loader.transport();
        loader.validator();
        loader.authenticator(credentials);
    }
}
