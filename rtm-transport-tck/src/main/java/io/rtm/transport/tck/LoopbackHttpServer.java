package io.rtm.transport.tck;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small HTTP/1.1 server on a raw {@link ServerSocket} bound to the loopback address, for byte-level
 * assertions on what a transport sends and fine control over what it gets back.
 *
 * <p>It records every request exactly as it arrived ({@link RecordedRequest}: request line, header lines as
 * sent, body) and hands it to the current {@link Handler}, which may answer with any status, headers and
 * body ({@link #respond}), never answer ({@link #silent()}), reset the connection after reading the request
 * ({@link #resetAfterRequest()}), close it ({@link #closeAfterRequest()}) or answer slowly
 * ({@link #slowly}). {@link #closeConnectionsBeforeReading(boolean)} makes it close each new connection
 * before reading anything, {@link #holdConnectionsWithoutReading(boolean)} keep it open without ever reading it. Keep-alive connections are served in a loop, one thread per connection.
 *
 * <p>It also tracks every connection, so a test can wait until the client closed them all
 * ({@link #awaitAllConnectionsClosed(Duration)}). Thread-safe. {@link #close()} stops it and closes every
 * connection.
 */
public final class LoopbackHttpServer implements AutoCloseable {

    /** Every server thread's name starts with this. */
    public static final String THREAD_PREFIX = "rtm-tck-server-";

    private static final int MAX_HEAD_BYTES = 64 * 1024;
    private static final AtomicInteger SERVERS = new AtomicInteger();

    /**
     * What the server does with a request it has read. Runs on the connection's own thread; when it returns
     * without having ended the connection, the server reads the next request on it.
     */
    @FunctionalInterface
    public interface Handler {
        /**
         * Acts on one request.
         *
         * @param request  the request as received
         * @param exchange the connection to answer on
         * @throws IOException          when writing fails (the server then drops the connection)
         * @throws InterruptedException when the server is closing
         */
        void handle(RecordedRequest request, Exchange exchange) throws IOException, InterruptedException;
    }

    /** The connection a {@link Handler} answers on. Used by one handler call at a time. */
    public static final class Exchange {
        private final Connection connection;
        private final OutputStream out;
        private boolean ended;

        private Exchange(Connection connection) throws IOException {
            this.connection = connection;
            this.out = connection.socket.getOutputStream();
        }

        /**
         * Writes one complete response: status line, the given header lines, a {@code Content-Length} (except
         * for 1xx, 204 and 304, which have no body) and the body.
         */
        public void respond(int status, List<String> headerLines, byte[] body) throws IOException {
            boolean bodiless = status < 200 || status == 204 || status == 304;
            StringBuilder head = new StringBuilder(128).append("HTTP/1.1 ").append(status).append(' ')
                    .append(reason(status)).append("\r\n");
            for (String line : headerLines) {
                head.append(line).append("\r\n");
            }
            if (!bodiless) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            head.append("\r\n");
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (!bodiless) {
                out.write(body);
            }
            out.flush();
        }

        /** Writes raw bytes and flushes them (for hand-made or partial responses). */
        public void write(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }

        /** Writes ISO-8859-1 text and flushes it. */
        public void write(String text) throws IOException {
            write(text.getBytes(StandardCharsets.ISO_8859_1));
        }

        /** Resets the connection (TCP RST) and stops serving it. */
        public void reset() throws IOException {
            ended = true;
            connection.socket.setSoLinger(true, 0);
            connection.closeByServer();
        }

        /** Closes the connection (TCP FIN) and stops serving it. */
        public void close() {
            ended = true;
            connection.closeByServer();
        }
    }

    private final ServerSocket serverSocket;
    private final ExecutorService threads;
    private final List<Connection> connections = new CopyOnWriteArrayList<>();
    private final BlockingQueue<RecordedRequest> received = new LinkedBlockingQueue<>();
    private final AtomicInteger requestCount = new AtomicInteger();
    private volatile Handler handler;
    private volatile boolean closeBeforeReading;
    private volatile boolean holdWithoutReading;

    private LoopbackHttpServer(Handler handler) throws IOException {
        this.handler = handler;
        this.serverSocket = new ServerSocket(0, 512, InetAddress.getLoopbackAddress());
        String name = THREAD_PREFIX + SERVERS.incrementAndGet() + "-";
        AtomicInteger count = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, name + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        threads.execute(this::acceptLoop);
    }

    /** Starts a server that answers every request {@code 200} with an empty body. */
    public static LoopbackHttpServer start() {
        return start(respond(200, List.of(), new byte[0]));
    }

    /** Starts a server that hands every request to the given handler. */
    public static LoopbackHttpServer start(Handler handler) {
        try {
            return new LoopbackHttpServer(handler);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind a loopback server socket", e);
        }
    }

    /** A handler answering every request with this status, these header lines and this body. */
    public static Handler respond(int status, List<String> headerLines, byte[] body) {
        List<String> lines = List.copyOf(headerLines);
        byte[] bytes = body.clone();
        return (request, exchange) -> exchange.respond(status, lines, bytes);
    }

    /** A handler that reads the request and never answers; the connection stays open until the client closes it. */
    public static Handler silent() {
        return (request, exchange) -> { };
    }

    /** A handler that resets the connection (TCP RST) right after reading the request. */
    public static Handler resetAfterRequest() {
        return (request, exchange) -> exchange.reset();
    }

    /** A handler that closes the connection (TCP FIN) right after reading the request, without answering. */
    public static Handler closeAfterRequest() {
        return (request, exchange) -> exchange.close();
    }

    /**
     * A handler that answers slowly: it waits {@code beforeHead}, writes the head with chunked transfer
     * coding, then the body in {@code pieces} chunks with {@code betweenPieces} between them.
     */
    public static Handler slowly(Duration beforeHead, int status, List<String> headerLines, byte[] body,
                                 int pieces, Duration betweenPieces) {
        List<String> lines = List.copyOf(headerLines);
        byte[] bytes = body.clone();
        return (request, exchange) -> {
            Thread.sleep(beforeHead.toMillis());
            StringBuilder head = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n");
            for (String line : lines) {
                head.append(line).append("\r\n");
            }
            exchange.write(head.append("Transfer-Encoding: chunked\r\n\r\n").toString());
            int size = (bytes.length + pieces - 1) / Math.max(1, pieces);
            for (int from = 0; from < bytes.length; from += size) {
                Thread.sleep(betweenPieces.toMillis());
                int n = Math.min(size, bytes.length - from);
                ByteArrayOutputStream chunk = new ByteArrayOutputStream(n + 16);
                chunk.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                chunk.write(bytes, from, n);
                chunk.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
                exchange.write(chunk.toByteArray());
            }
            exchange.write("0\r\n\r\n");
        };
    }

    /** Replaces the handler for requests read from now on. */
    public void handler(Handler handler) {
        this.handler = handler;
    }

    /** When true, every connection accepted from now on is closed at once, before any byte is read. */
    public void closeConnectionsBeforeReading(boolean close) {
        this.closeBeforeReading = close;
    }

    /**
     * When true, every connection accepted from now on is kept open and never read from or written to: the
     * client's bytes sit in the socket buffers, as with a server that accepted and hung.
     */
    public void holdConnectionsWithoutReading(boolean hold) {
        this.holdWithoutReading = hold;
    }

    /** The port the server listens on (on the loopback address). */
    public int port() {
        return serverSocket.getLocalPort();
    }

    /** {@code http://127.0.0.1:<port>} followed by the given raw (already encoded) path and query. */
    public URI uri(String rawPathAndQuery) {
        return URI.create("http://127.0.0.1:" + port() + rawPathAndQuery);
    }

    /** The next request not yet taken, waiting up to 5 s; fails with an {@link AssertionError} when none came. */
    public RecordedRequest takeRequest() {
        return pollRequest(Duration.ofSeconds(5))
                .orElseThrow(() -> new AssertionError("the server received no request within 5 s"));
    }

    /** The next request not yet taken, waiting up to the timeout. */
    public Optional<RecordedRequest> pollRequest(Duration timeout) {
        try {
            return Optional.ofNullable(received.poll(timeout.toNanos(), TimeUnit.NANOSECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** How many requests the server has read in total (taken or not). */
    public int requestCount() {
        return requestCount.get();
    }

    /** How many connections the server has accepted in total. */
    public int connectionCount() {
        return connections.size();
    }

    /** How many accepted connections are still open (neither side has closed them). */
    public int openConnectionCount() {
        return (int) connections.stream().filter(c -> c.closed.getCount() > 0).count();
    }

    /**
     * Waits until every connection accepted so far is closed: by the client (the server read end of stream
     * or a reset) or by a handler. Returns whether that happened within the timeout.
     */
    public boolean awaitAllConnectionsClosed(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            for (Connection c : connections) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !c.closed.await(left, TimeUnit.NANOSECONDS)) {
                    return false;
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Waits until the connection with this number ({@link RecordedRequest#connection()}) is closed: by the client
     * or by a handler. Returns whether that happened within the timeout.
     *
     * @throws IllegalArgumentException when the server has accepted no connection with this number
     */
    public boolean awaitConnectionClosed(int connection, Duration timeout) {
        if (connection < 1 || connection > connections.size()) {
            throw new IllegalArgumentException("no connection " + connection + " was accepted");
        }
        try {
            return connections.get(connection - 1).closed.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Stops accepting, closes every connection and stops the server's threads. Idempotent. */
    @Override
    public void close() {
        try {
            serverSocket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Connection c : connections) {
            c.closeByServer();
        }
        threads.shutdownNow();
    }

    @Override
    public String toString() {
        return "LoopbackHttpServer{port=" + port() + ", connections=" + connections.size() + ", requests=" + requestCount + '}';
    }

    private void acceptLoop() {
        while (!serverSocket.isClosed()) {
            Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (IOException e) {
                return;
            }
            Connection connection = new Connection(connections.size() + 1, socket);
            connections.add(connection);
            if (closeBeforeReading) {
                connection.closeByServer();
                continue;
            }
            if (holdWithoutReading) {
                continue; // closed by the client, or by close()
            }
            try {
                threads.execute(() -> serve(connection));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                connection.closeByServer();
                return;
            }
        }
    }

    private void serve(Connection connection) {
        try {
            InputStream in = new BufferedInputStream(connection.socket.getInputStream());
            Exchange exchange = new Exchange(connection);
            while (true) {
                RecordedRequest request = read(in, connection.id);
                if (request == null) {
                    return;
                }
                requestCount.incrementAndGet();
                received.add(request);
                handler.handle(request, exchange);
                if (exchange.ended) {
                    return;
                }
            }
        } catch (IOException e) {
            // the client reset or closed the connection, or it sent something that is not HTTP
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            connection.closeByServer();
        }
    }

    /** Reads one request; null on a clean end of stream before its first byte. */
    private static RecordedRequest read(InputStream in, int connection) throws IOException {
        String head = readHead(in);
        if (head == null) {
            return null;
        }
        List<String> lines = new ArrayList<>(List.of(head.split("\r\n", -1)));
        String requestLine = lines.remove(0);
        long contentLength = 0;
        boolean chunked = false;
        for (String line : lines) {
            int colon = line.indexOf(':');
            String name = colon < 0 ? line : line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = colon < 0 ? "" : line.substring(colon + 1).strip();
            if (name.equals("content-length")) {
                contentLength = Long.parseLong(value);
            } else if (name.equals("transfer-encoding") && value.toLowerCase(Locale.ROOT).endsWith("chunked")) {
                chunked = true;
            }
        }
        byte[] body = chunked ? readChunked(in) : readExactly(in, contentLength);
        return new RecordedRequest(connection, requestLine, lines, body);
    }

    /** The head up to (not including) the blank line; null on end of stream before any byte. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream(512);
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                if (head.size() == 0) {
                    return null;
                }
                throw new IOException("end of stream inside the request head");
            }
            head.write(b);
            if (head.size() > MAX_HEAD_BYTES) {
                throw new IOException("request head larger than " + MAX_HEAD_BYTES + " bytes");
            }
            if (b == (matched % 2 == 0 ? '\r' : '\n')) {
                matched++;
            } else {
                matched = b == '\r' ? 1 : 0;
            }
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        return text.substring(0, text.length() - 4);
    }

    private static byte[] readExactly(InputStream in, long length) throws IOException {
        if (length > Integer.MAX_VALUE - 8) {
            throw new IOException("request body too large: " + length);
        }
        byte[] body = in.readNBytes((int) length);
        if (body.length < length) {
            throw new IOException("end of stream inside the request body");
        }
        return body;
    }

    private static byte[] readChunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine(in);
            int semicolon = sizeLine.indexOf(';');
            int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).strip(), 16);
            if (size == 0) {
                while (!readLine(in).isEmpty()) {
                    // trailer fields carry nothing the kit checks
                }
                return body.toByteArray();
            }
            body.writeBytes(readExactly(in, size));
            if (!readLine(in).isEmpty()) {
                throw new IOException("chunk not followed by CRLF");
            }
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(16);
        int previous = -1;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("end of stream inside a chunked body");
            }
            if (previous == '\r' && b == '\n') {
                byte[] bytes = line.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
            previous = b;
        }
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 204 -> "No Content";
            case 301 -> "Moved Permanently";
            case 302 -> "Found";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 408 -> "Request Timeout";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 503 -> "Service Unavailable";
            default -> "Status";
        };
    }

    /** One accepted connection and whether it has ended. */
    private static final class Connection {
        final int id;
        final Socket socket;
        final CountDownLatch closed = new CountDownLatch(1);

        Connection(int id, Socket socket) {
            this.id = id;
            this.socket = socket;
        }

        void closeByServer() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            closed.countDown();
        }
    }
}
