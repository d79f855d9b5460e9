package io.rtm.transport.httpclient;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny HTTP/1.1 server on a raw {@link ServerSocket} for byte-level assertions: it records each request's
 * request line, header lines and body exactly as they arrived, and lets a test decide per request whether to
 * answer, stay silent, close, or reset. Keep-alive connections are served in a loop.
 */
final class RawHttpServer implements AutoCloseable {

    /** One request exactly as received. */
    record Received(int connection, String requestLine, List<String> headerLines, byte[] body) {
        /** The request target from the request line. */
        String target() {
            return requestLine.split(" ", 3)[1];
        }

        /** Values of the named header (case-insensitive name), in order. */
        List<String> values(String name) {
            List<String> out = new ArrayList<>();
            for (String line : headerLines) {
                int colon = line.indexOf(':');
                if (line.substring(0, colon).equalsIgnoreCase(name)) {
                    out.add(line.substring(colon + 1).trim());
                }
            }
            return out;
        }
    }

    /** What the server does once it has read a request. */
    @FunctionalInterface
    interface Behavior {
        /** Acts on the connection; return false to stop serving it (the server then closes it). */
        boolean handle(Received request, Socket socket, OutputStream out) throws IOException;
    }

    private final ServerSocket serverSocket;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "raw-http-server");
        t.setDaemon(true);
        return t;
    });
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final CountDownLatch clientClosed = new CountDownLatch(1);
    private final Map<Integer, CountDownLatch> closedByClient = new ConcurrentHashMap<>();
    private volatile Behavior behavior;

    private RawHttpServer(Behavior behavior) throws IOException {
        this.behavior = behavior;
        this.serverSocket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        pool.execute(this::acceptLoop);
    }

    /** Starts a server answering every request with the given behavior. */
    static RawHttpServer start(Behavior behavior) throws IOException {
        return new RawHttpServer(behavior);
    }

    /** Starts a server answering 200 with a small fixed body. */
    static RawHttpServer ok() throws IOException {
        return start(respond(200, List.of("Content-Type: application/json"), "{\"result\":\"success\"}".getBytes(StandardCharsets.UTF_8)));
    }

    /** A behavior writing one full response with Content-Length. */
    static Behavior respond(int status, List<String> headerLines, byte[] body) {
        return (request, socket, out) -> {
            writeResponse(out, status, headerLines, body);
            return true;
        };
    }

    /** A behavior that reads the request and never answers (the connection stays open). */
    static Behavior silent() {
        return (request, socket, out) -> true;
    }

    /** A behavior that resets the connection (TCP RST) right after reading the request. */
    static Behavior reset() {
        return (request, socket, out) -> {
            socket.setSoLinger(true, 0);
            socket.close();
            return false;
        };
    }

    static void writeResponse(OutputStream out, int status, List<String> headerLines, byte[] body) throws IOException {
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(status).append(" Status\r\n");
        for (String line : headerLines) {
            head.append(line).append("\r\n");
        }
        head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }

    void behavior(Behavior behavior) {
        this.behavior = behavior;
    }

    int port() {
        return serverSocket.getLocalPort();
    }

    /** {@code http://127.0.0.1:<port>} followed by the given raw path. */
    URI uri(String rawPathAndQuery) {
        return URI.create("http://127.0.0.1:" + port() + rawPathAndQuery);
    }

    /** The next request received, waiting up to 5 s. */
    Received take() throws InterruptedException {
        Received r = received.poll(5, TimeUnit.SECONDS);
        if (r == null) {
            throw new AssertionError("the server received no request within 5 s");
        }
        return r;
    }

    /** Requests received so far and not yet taken. */
    int pending() {
        return received.size();
    }

    /** Connections accepted so far. */
    int connections() {
        return connections.get();
    }

    /** Waits until a client closed a connection (EOF or reset seen while waiting for a request). */
    boolean awaitClientClose(long millis) throws InterruptedException {
        return clientClosed.await(millis, TimeUnit.MILLISECONDS);
    }

    /** Waits until the client closed the given connection (numbered from 1, see {@link Received#connection()}). */
    boolean awaitClientClose(int connection, long millis) throws InterruptedException {
        return closeLatch(connection).await(millis, TimeUnit.MILLISECONDS);
    }

    private CountDownLatch closeLatch(int connection) {
        return closedByClient.computeIfAbsent(connection, id -> new CountDownLatch(1));
    }

    private void clientClosed(int connection) {
        closeLatch(connection).countDown();
        clientClosed.countDown();
    }

    private void acceptLoop() {
        while (!serverSocket.isClosed()) {
            try {
                Socket socket = serverSocket.accept();
                sockets.add(socket);
                int id = connections.incrementAndGet();
                pool.execute(() -> serve(socket, id));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket, int id) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            while (true) {
                Received request = read(in, id);
                if (request == null) {
                    clientClosed(id);
                    return;
                }
                received.add(request);
                if (!behavior.handle(request, socket, out)) {
                    return;
                }
            }
        } catch (SocketException e) {
            clientClosed(id);
        } catch (IOException e) {
            // the test decides what matters
        }
    }

    /** Reads one request; null on a clean EOF before any byte. */
    private static Received read(InputStream in, int id) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                if (head.size() == 0) {
                    return null;
                }
                throw new IOException("EOF inside the request head");
            }
            head.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        List<String> lines = new ArrayList<>(List.of(text.substring(0, text.length() - 4).split("\r\n", -1)));
        String requestLine = lines.remove(0);
        int length = 0;
        for (String line : lines) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        byte[] body = in.readNBytes(length);
        if (body.length < length) {
            throw new IOException("EOF inside the request body");
        }
        return new Received(id, requestLine, List.copyOf(lines), body);
    }

    @Override
    public void close() throws IOException {
        serverSocket.close();
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        pool.shutdownNow();
    }
}
