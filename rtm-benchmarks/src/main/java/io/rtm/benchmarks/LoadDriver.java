package io.rtm.benchmarks;

import io.rtm.core.ChannelMessage;
import io.rtm.core.PeerMessage;
import io.rtm.core.RequestOptions;
import io.rtm.core.RtmAsyncClient;
import io.rtm.core.SendResult;
import io.rtm.core.spi.HttpRequest;
import io.rtm.core.spi.Transport;
import io.rtm.core.spi.TransportConfig;
import io.rtm.emulator.RtmEmulator;
import io.rtm.transport.jdk.JdkHttpTransport;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.core5.concurrent.FutureCallback;

/**
 * Keeps a fixed number of requests in flight through one client: {@link #sendOne()} waits for a free slot, sends,
 * and the completion frees the slot, records the latency in {@link LatencyRecorder#INSTANCE} and counts the outcome
 * (only HTTP 200 counts as success). One driver per client under test; {@link #sendOne()} is called from one thread.
 */
public abstract class LoadDriver implements AutoCloseable {

    private final Semaphore window;
    private final int inFlight;
    private final LongAdder completed = new LongAdder();
    private final LongAdder failures = new LongAdder();

    LoadDriver(int inFlight) {
        this.inFlight = inFlight;
        this.window = new Semaphore(inFlight);
    }

    /** The sides: {@code raw}, {@code sdk}, {@code jdk-raw}, {@code jdk-sdk} (see {@link EndToEndRun}). */
    public static final java.util.List<String> SIDES = java.util.List.of("raw", "sdk", "jdk-raw", "jdk-sdk", "sdk-direct");

    /**
     * The driver of one side against the emulator: the SDK clients with no rate limit and no retries, the raw ones
     * replaying {@code sdkRequest} (the request the SDK builds for {@code message}).
     */
    public static LoadDriver create(String side, RtmEmulator emulator, PeerMessage message, HttpRequest sdkRequest,
                                    int inFlight) {
        return switch (side) {
            case "raw" -> raw(new RawHttpClient5(sdkRequest), inFlight);
            case "sdk" -> sdk(EndToEndBenchmark.sdkClient(emulator).buildAsync(), message, inFlight);
            // the futures completed on the thread that finished the call, not handed to the completion pool
            case "sdk-direct" -> sdk(EndToEndBenchmark.sdkClient(emulator).completionExecutor(Runnable::run).buildAsync(),
                    message, inFlight);
            case "jdk-raw" -> rawJdk(new RawJdkHttpClient(sdkRequest), inFlight);
            case "jdk-sdk" -> {
                JdkHttpTransport transport = JdkHttpTransport.create(TransportConfig.defaults());
                RtmAsyncClient client = EndToEndBenchmark.sdkClient(emulator).transport(transport).buildAsync();
                yield sdk(new ClosingBoth(client, transport), message, inFlight);
            }
            default -> throw new IllegalArgumentException("unknown side " + side + ": one of " + SIDES);
        };
    }

    /** An SDK client on a transport it does not own (given to the builder): closing it closes both. */
    private record ClosingBoth(RtmAsyncClient client, Transport transport) implements RtmAsyncClient {
        @Override
        public CompletableFuture<SendResult> sendPeer(PeerMessage message, RequestOptions options) {
            return client.sendPeer(message, options);
        }

        @Override
        public CompletableFuture<SendResult> sendChannel(ChannelMessage message, RequestOptions options) {
            return client.sendChannel(message, options);
        }

        @Override
        public java.util.List<io.rtm.core.spi.Interceptor> interceptors() {
            return client.interceptors();
        }

        @Override
        public io.rtm.core.history.HistoryAsyncClient history() {
            return client.history();
        }

        @Override
        public io.rtm.core.events.EventsAsyncClient events() {
            return client.events();
        }

        @Override
        public void close() {
            client.close();
            transport.close();
        }

        @Override
        public void close(java.time.Duration grace) {
            client.close(grace);
            transport.close();
        }
    }

    /** Drives the SDK client with this message. */
    public static LoadDriver sdk(RtmAsyncClient client, PeerMessage message, int inFlight) {
        return new LoadDriver(inFlight) {
            @Override
            void send(long start) {
                client.sendPeer(message).whenComplete((r, e) -> done(start, e == null && r.httpStatus() == 200));
            }

            @Override
            void closeClient() {
                client.close();
            }
        };
    }

    /** Drives the raw HttpClient 5 baseline. */
    public static LoadDriver raw(RawHttpClient5 client, int inFlight) {
        return new LoadDriver(inFlight) {
            @Override
            void send(long start) {
                client.send(new FutureCallback<>() {
                    @Override
                    public void completed(SimpleHttpResponse response) {
                        done(start, response.getCode() == 200);
                    }

                    @Override
                    public void failed(Exception ex) {
                        done(start, false);
                    }

                    @Override
                    public void cancelled() {
                        done(start, false);
                    }
                });
            }

            @Override
            void closeClient() {
                client.close();
            }
        };
    }

    /** Drives the raw {@code java.net.http} baseline. */
    public static LoadDriver rawJdk(RawJdkHttpClient client, int inFlight) {
        return new LoadDriver(inFlight) {
            @Override
            void send(long start) {
                client.send().whenComplete((r, e) -> done(start, e == null && r.statusCode() == 200));
            }

            @Override
            void closeClient() {
                client.close();
            }
        };
    }

    /** Waits for a free slot, then sends one request. */
    public final void sendOne() {
        window.acquireUninterruptibly();
        send(System.nanoTime());
    }

    abstract void send(long start);

    abstract void closeClient();

    /** Completion of one request. */
    final void done(long start, boolean ok) {
        if (ok) {
            LatencyRecorder.INSTANCE.record(System.nanoTime() - start);
            completed.increment();
        } else {
            LatencyRecorder.INSTANCE.error();
            failures.increment();
        }
        window.release();
    }

    /** Waits until nothing is in flight; false on timeout. */
    public final boolean drain(long timeout, TimeUnit unit) throws InterruptedException {
        if (!window.tryAcquire(inFlight, timeout, unit)) {
            return false;
        }
        window.release(inFlight);
        return true;
    }

    /** Requests that completed with 200. */
    public final long completed() {
        return completed.sum();
    }

    /** Requests that failed or got another status. */
    public final long failures() {
        return failures.sum();
    }

    /** Drains (up to 30 s) and closes the client. */
    @Override
    public final void close() {
        try {
            drain(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeClient();
    }
}
