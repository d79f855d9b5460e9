package io.rtm.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on loopback in front of the emulator that injects the faults the emulator cannot: it looks at the first
 * bytes of each HTTP/1.1 request on a connection and, by one seeded draw per request, resets the connection (TCP RST)
 * or closes it (FIN) <em>before the request is forwarded</em> (the emulator never sees it, the client cannot tell), or
 * answers {@code 429 rate_limited} with {@code Retry-After} itself (after reading the whole request, keeping the
 * connection), or forwards the request. Everything else is copied byte for byte in both directions.
 *
 * <p>A new request is recognised as the first client bytes after the previous response started (clients here send
 * one request at a time on a connection and no {@code Expect: 100-continue}). Every decision is counted, so a test can
 * account for each attempt. One thread per direction per connection; test code only. Thread-safe.
 */
final class ChaosProxy implements AutoCloseable {

    /** What the proxy does with a request it sees starting. */
    enum Action { FORWARD, RESET_BEFORE_READ, CLOSE_BEFORE_READ, TOO_MANY_REQUESTS }

    private static final AtomicInteger PROXIES = new AtomicInteger();

    private final int targetPort;
    private final double resetProbability;
    private final double closeProbability;
    private final double tooManyProbability;
    private final int retryAfterSeconds;
    private final Random random;
    private final ServerSocket listener;
    private final ExecutorService threads;
    private final List<Link> links = new CopyOnWriteArrayList<>();
    private final AtomicInteger[] counts = new AtomicInteger[Action.values().length];
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicLong slowestConnectNanos = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * @param targetPort         the emulator's port on loopback
     * @param resetProbability   chance that a request is answered by a TCP reset before it is forwarded
     * @param closeProbability   chance that a request is answered by closing the connection before it is forwarded
     * @param tooManyProbability chance that a request is answered {@code 429} with {@code Retry-After: retryAfterSeconds}
     * @param seed               seed of the draws
     */
    ChaosProxy(int targetPort, double resetProbability, double closeProbability, double tooManyProbability,
               int retryAfterSeconds, long seed) throws IOException {
        this.targetPort = targetPort;
        this.resetProbability = resetProbability;
        this.closeProbability = closeProbability;
        this.tooManyProbability = tooManyProbability;
        this.retryAfterSeconds = retryAfterSeconds;
        this.random = new Random(seed);
        for (int i = 0; i < counts.length; i++) {
            counts[i] = new AtomicInteger();
        }
        this.listener = new ServerSocket(0, 512, InetAddress.getLoopbackAddress());
        String prefix = "chaos-proxy-" + PROXIES.incrementAndGet() + "-";
        AtomicInteger n = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        threads.execute(this::acceptLoop);
    }

    String endpoint() {
        return "http://127.0.0.1:" + listener.getLocalPort();
    }

    /** How many requests the proxy handled this way. */
    int count(Action action) {
        return counts[action.ordinal()].get();
    }

    /** Requests the proxy saw start, whatever it did with them. */
    int requests() {
        int sum = 0;
        for (AtomicInteger c : counts) {
            sum += c.get();
        }
        return sum;
    }

    int connections() {
        return connections.get();
    }

    private Action draw() {
        double u;
        synchronized (random) {
            u = random.nextDouble();
        }
        if (u < resetProbability) {
            return Action.RESET_BEFORE_READ;
        }
        if (u < resetProbability + closeProbability) {
            return Action.CLOSE_BEFORE_READ;
        }
        if (u < resetProbability + closeProbability + tooManyProbability) {
            return Action.TOO_MANY_REQUESTS;
        }
        return Action.FORWARD;
    }

    private void acceptLoop() {
        while (!closed.get()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            connections.incrementAndGet();
            // connecting to the target may be slow under load (a full accept queue retries its SYN after 1 s): never
            // on this thread, so that one slow connection does not hold up the ones behind it
            threads.execute(() -> serve(client));
        }
    }

    private void serve(Socket client) {
        Socket server = new Socket();
        long start = System.nanoTime();
        try {
            server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 5_000);
            slowestConnectNanos.accumulateAndGet(System.nanoTime() - start, Math::max);
            client.setTcpNoDelay(true);
            server.setTcpNoDelay(true);
        } catch (IOException e) {
            closeQuietly(client);
            closeQuietly(server);
            return;
        }
        Link link = new Link(client, server);
        links.add(link);
        if (closed.get()) {
            link.end(false);
            return;
        }
        threads.execute(link::serverToClient);
        link.clientToServer();
    }

    /** The longest any connection to the target took to open, in milliseconds. */
    long slowestConnectMillis() {
        return TimeUnit.NANOSECONDS.toMillis(slowestConnectNanos.get());
    }

    /** One proxied connection. */
    private final class Link {
        final Socket client;
        final Socket server;
        /** True when the client's next bytes start a new request (at first, and once a response has started). */
        final AtomicBoolean awaitingRequest = new AtomicBoolean(true);
        final AtomicBoolean ended = new AtomicBoolean();

        Link(Socket client, Socket server) {
            this.client = client;
            this.server = server;
        }

        void clientToServer() {
            byte[] buf = new byte[16 * 1024];
            try {
                InputStream in = client.getInputStream();
                OutputStream out = server.getOutputStream();
                int n;
                while ((n = in.read(buf)) > 0) {
                    if (awaitingRequest.compareAndSet(true, false)) {
                        Action action = draw();
                        counts[action.ordinal()].incrementAndGet();
                        switch (action) {
                            case RESET_BEFORE_READ -> {
                                end(true);
                                return;
                            }
                            case CLOSE_BEFORE_READ -> {
                                end(false);
                                return;
                            }
                            case TOO_MANY_REQUESTS -> {
                                swallowRequest(in, buf, n);
                                answerTooMany();
                                awaitingRequest.set(true);
                                continue;
                            }
                            default -> { }
                        }
                    }
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // either side went away: end the link below
            }
            end(false);
        }

        void serverToClient() {
            byte[] buf = new byte[16 * 1024];
            try {
                InputStream in = server.getInputStream();
                OutputStream out = client.getOutputStream();
                int n;
                while ((n = in.read(buf)) > 0) {
                    awaitingRequest.set(true); // the client sends its next request only after this response
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // either side went away
            }
            end(false);
        }

        /** Reads the rest of a request whose first {@code n} bytes are in {@code buf}: the head, then Content-Length bytes. */
        private void swallowRequest(InputStream in, byte[] buf, int n) throws IOException {
            ByteArrayOutputStream seen = new ByteArrayOutputStream();
            seen.write(buf, 0, n);
            int headEnd;
            while ((headEnd = indexOf(seen.toByteArray(), "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1))) < 0) {
                int m = in.read(buf);
                if (m < 0) {
                    throw new IOException("end of stream inside a request head");
                }
                seen.write(buf, 0, m);
            }
            String head = new String(seen.toByteArray(), 0, headEnd, StandardCharsets.ISO_8859_1);
            long length = 0;
            for (String line : head.split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                }
            }
            long left = length - (seen.size() - headEnd - 4);
            while (left > 0) {
                int m = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (m < 0) {
                    throw new IOException("end of stream inside a request body");
                }
                left -= m;
            }
        }

        private void answerTooMany() throws IOException {
            byte[] body = ("{\"result\":\"failed\",\"code\":\"rate_limited\",\"request_id\":\"proxy-"
                    + count(Action.TOO_MANY_REQUESTS) + "\",\"message\":\"injected by the test proxy\"}")
                    .getBytes(StandardCharsets.UTF_8);
            String head = "HTTP/1.1 429 Too Many Requests\r\nContent-Type: application/json;charset=utf-8\r\n"
                    + "Retry-After: " + retryAfterSeconds + "\r\nContent-Length: " + body.length + "\r\n\r\n";
            // nothing was forwarded, so the server writes nothing on this connection meanwhile
            OutputStream out = client.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
        }

        /** Ends both sides once; {@code reset}: the client gets a TCP RST instead of a FIN. */
        void end(boolean reset) {
            if (!ended.compareAndSet(false, true)) {
                return;
            }
            if (reset) {
                try {
                    client.setSoLinger(true, 0);
                } catch (IOException e) {
                    // already closed
                }
            }
            closeQuietly(client);
            closeQuietly(server);
            links.remove(this);
        }
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= data.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // nothing to do
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            listener.close();
        } catch (IOException e) {
            // nothing to do
        }
        for (Link link : links) {
            link.end(false);
        }
        threads.shutdownNow();
        try {
            threads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "ChaosProxy{" + endpoint() + " -> 127.0.0.1:" + targetPort + '}';
    }
}
