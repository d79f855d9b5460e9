package io.rtm.transport.tck;

import io.rtm.core.error.RtmException;
import io.rtm.core.error.RtmTimeoutException;
import io.rtm.core.error.RtmTransportException;
import io.rtm.core.spi.HttpHeaders;
import io.rtm.core.spi.HttpRequest;
import io.rtm.core.spi.HttpResponse;
import io.rtm.core.spi.Transport;
import io.rtm.core.spi.TransportConfig;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A deliberately simple, correct {@link Transport} for the kit's own tests: one blocking socket and one
 * thread per request, no pooling, plain HTTP/1.1. Each {@link Defect} switches on one realistic bug, so
 * the kit's self-test can show that the suite catches it.
 */
final class ReferenceTransport implements Transport {

    /** Bugs a transport might have; each one is a deviation from the code path a correct transport takes. */
    enum Defect {
        /** Normalizes the URI (dot segments, empty query) and decodes/re-encodes path and query, as "helpful" libraries do. */
        NORMALIZES_URIS,
        /** Keeps headers in a map: only the first value of a repeated name survives, on requests and responses. */
        DROPS_REPEATED_HEADERS,
        /** Reports every I/O failure as a connect failure, claiming the request never reached the service. */
        MAPS_EVERY_IO_FAILURE_AS_CONNECT_FAILURE,
        /** Throws from execute() for a closed transport or a URI it cannot send, instead of failing the future. */
        THROWS_INSTEAD_OF_FAILING,
        /** Follows redirects. */
        FOLLOWS_REDIRECTS,
        /** Cancelling the future leaves the exchange running. */
        IGNORES_CANCELLATION,
        /** close() fails requests in flight but never stops its threads. */
        LEAKS_THREADS_ON_CLOSE,
        /** Error messages quote the request's headers, credentials included; control characters are refused, quoted. */
        LEAKS_HEADERS_INTO_ERRORS,
        /** Reads any response whole, however large its head or body: no memory bound. */
        UNBOUNDED_RESPONSES,
        /** Rounds every timeout up to whole seconds, as a transport that checks its timers once a second fires late. */
        COARSE_TIMEOUTS,
        /** A parse error quotes the line it could not parse, and is kept as the cause: an echoed credential leaks. */
        QUOTES_MALFORMED_LINES,
        /**
         * Never closes the socket of a completed exchange. The sockets stay reachable ({@link #closeLeftOpen}): left to
         * the garbage collector instead, one collection during the kit's leak checks closed them all and hid the leak.
         */
        LEAKS_CONNECTIONS,
    }

    /** The sockets {@link Defect#LEAKS_CONNECTIONS} left open, until {@link #closeLeftOpen}. */
    private static final java.util.Queue<Socket> LEFT_OPEN = new java.util.concurrent.ConcurrentLinkedQueue<>();

    /** Closes what {@link Defect#LEAKS_CONNECTIONS} left open (the self-test calls it after each run). */
    static void closeLeftOpen() {
        for (Socket s; (s = LEFT_OPEN.poll()) != null; ) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    /** The largest response body accepted (the kit's default expectation), and the largest head line and header count. */
    static final int MAX_BODY_BYTES = 1 << 20;
    private static final int MAX_LINE_BYTES = 16 * 1024;
    private static final int MAX_HEADERS = 256;

    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final TransportConfig config;
    private final Set<Defect> defects;
    private final String threadNamePrefix = "tck-reference-" + INSTANCES.incrementAndGet() + "-";
    private final ExecutorService threads;
    private final Set<Call> inFlight = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();

    ReferenceTransport(TransportConfig config, Set<Defect> defects) {
        this.config = config;
        this.defects = defects.isEmpty() ? EnumSet.noneOf(Defect.class) : EnumSet.copyOf(defects);
        AtomicInteger count = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, threadNamePrefix + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    String threadNamePrefix() {
        return threadNamePrefix;
    }

    @Override
    public CompletableFuture<HttpResponse> execute(HttpRequest request) {
        CompletableFuture<HttpResponse> future = new CompletableFuture<>();
        if (closed.get()) {
            if (defects.contains(Defect.THROWS_INSTEAD_OF_FAILING)) {
                throw new IllegalStateException("closed");
            }
            future.completeExceptionally(RtmTransportException.connectFailed("transport is closed" + leak(request), null));
            return future;
        }
        URI uri = request.uri();
        if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            if (defects.contains(Defect.THROWS_INSTEAD_OF_FAILING)) {
                throw new IllegalArgumentException("not an http URI");
            }
            future.completeExceptionally(RtmTransportException.connectFailed("only absolute http URIs are supported" + leak(request), null));
            return future;
        }
        if (defects.contains(Defect.LEAKS_HEADERS_INTO_ERRORS)) {
            for (HttpHeaders.Header h : request.headers().asList()) {
                if (h.value().chars().anyMatch(c -> c < 0x20)) {
                    future.completeExceptionally(RtmTransportException.connectFailed("invalid header value: " + h.value(), null));
                    return future;
                }
            }
        }
        Call call = new Call(request, future);
        inFlight.add(call);
        future.whenComplete((r, e) -> {
            inFlight.remove(call);
            if (future.isCancelled() && !defects.contains(Defect.IGNORES_CANCELLATION)) {
                call.closeSocket();
            }
        });
        try {
            threads.execute(call::run);
        } catch (RejectedExecutionException e) {
            future.completeExceptionally(RtmTransportException.connectFailed("transport is closed", null));
        }
        return future;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (Call call : inFlight) {
            call.future.completeExceptionally(call.written
                    ? RtmTransportException.afterSend("the transport was closed while the request was in flight" + leak(call.request), null)
                    : RtmTransportException.connectFailed("transport is closed" + leak(call.request), null));
            call.closeSocket();
        }
        if (defects.contains(Defect.LEAKS_THREADS_ON_CLOSE)) {
            return;
        }
        threads.shutdownNow();
        try {
            threads.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One request on its own socket. */
    private final class Call {
        final HttpRequest request;
        final CompletableFuture<HttpResponse> future;
        volatile Socket socket;
        volatile boolean written;

        Call(HttpRequest request, CompletableFuture<HttpResponse> future) {
            this.request = request;
            this.future = future;
        }

        void run() {
            boolean completed = false;
            try {
                future.complete(exchange(request, 0));
                completed = true;
            } catch (RtmException e) {
                future.completeExceptionally(defects.contains(Defect.LEAKS_HEADERS_INTO_ERRORS)
                        ? new RtmTransportException(e.getMessage() + leak(request), e, true, 1) : e);
            } catch (RuntimeException e) {
                future.completeExceptionally(RtmTransportException.afterSend("unexpected failure: " + e, e));
            } finally {
                if (completed && defects.contains(Defect.LEAKS_CONNECTIONS) && socket != null) {
                    LEFT_OPEN.add(socket);
                } else {
                    closeSocket();
                }
            }
        }

        private HttpResponse exchange(HttpRequest req, int redirects) {
            URI uri = req.uri();
            int port = uri.getPort() < 0 ? 80 : uri.getPort();
            Socket s = new Socket();
            closeSocket();
            socket = s;
            if (future.isDone()) {
                closeSocket();
                throw RtmTransportException.connectFailed("aborted", null);
            }
            try {
                s.connect(new InetSocketAddress(uri.getHost(), port), millis(config.connectTimeout()));
            } catch (SocketTimeoutException e) {
                throw RtmTimeoutException.client(RtmTimeoutException.Kind.CONNECT, "connect timed out", e);
            } catch (IOException e) {
                throw RtmTransportException.connectFailed("connect failed: " + e.getMessage(), e);
            }
            try {
                s.setSoTimeout(millis(config.responseTimeout()));
                written = true;
                write(s.getOutputStream(), req);
                HttpResponse response = read(new BufferedInputStream(s.getInputStream()), req.method());
                if (defects.contains(Defect.FOLLOWS_REDIRECTS) && response.status() / 100 == 3 && redirects < 5
                        && response.headers().firstValue("Location").isPresent()) {
                    URI next = uri.resolve(response.headers().firstValue("Location").get());
                    return exchange(req.toBuilder().method("GET").uri(next).body(new byte[0]).build(), redirects + 1);
                }
                return response;
            } catch (SocketTimeoutException e) {
                throw RtmTimeoutException.client(RtmTimeoutException.Kind.RESPONSE, "no response in time", e);
            } catch (IOException e) {
                if (defects.contains(Defect.MAPS_EVERY_IO_FAILURE_AS_CONNECT_FAILURE)) {
                    throw RtmTransportException.connectFailed("failed: " + e.getMessage(), e);
                }
                throw RtmTransportException.afterSend("failed after send: " + e.getMessage(), e);
            } catch (NumberFormatException e) {
                throw RtmTransportException.afterSend("failed after send: a number in the response head is malformed", null);
            }
        }

        void closeSocket() {
            Socket s = socket;
            if (s != null) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }
    }

    /** With {@link Defect#LEAKS_HEADERS_INTO_ERRORS}: the headers, values and all, for an error message. */
    private String leak(HttpRequest request) {
        if (!defects.contains(Defect.LEAKS_HEADERS_INTO_ERRORS)) {
            return "";
        }
        StringBuilder sb = new StringBuilder(" [");
        for (HttpHeaders.Header h : request.headers().asList()) {
            sb.append(h.name()).append('=').append(h.value()).append(' ');
        }
        return sb.append(']').toString();
    }

    private void write(OutputStream raw, HttpRequest request) throws IOException {
        URI uri = request.uri();
        if (defects.contains(Defect.NORMALIZES_URIS)) {
            uri = normalized(uri);
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String target = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        StringBuilder head = new StringBuilder(256).append(request.method()).append(' ').append(target).append(" HTTP/1.1\r\n");
        head.append("Host: ").append(uri.getHost()).append(uri.getPort() < 0 ? "" : ":" + uri.getPort()).append("\r\n");
        for (HttpHeaders.Header h : sentHeaders(request.headers())) {
            String name = h.name().toLowerCase(Locale.ROOT);
            if (!name.equals("host") && !name.equals("content-length") && !name.equals("transfer-encoding")) {
                head.append(h.name()).append(": ").append(h.value()).append("\r\n");
            }
        }
        byte[] body = request.body();
        if (body.length > 0 || request.method().equals("POST") || request.method().equals("PUT")) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("\r\n");
        OutputStream out = new BufferedOutputStream(raw, 16 * 1024);
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }

    private List<HttpHeaders.Header> sentHeaders(HttpHeaders headers) {
        return defects.contains(Defect.DROPS_REPEATED_HEADERS) ? firstOfEach(headers.asList()) : headers.asList();
    }

    private HttpResponse read(InputStream in, String method) throws IOException {
        String statusLine = line(in);
        if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12
                || (statusLine.length() > 12 && statusLine.charAt(12) != ' ')) {
            throw new IOException("malformed status line" + quoted(statusLine));
        }
        int status;
        try {
            status = Integer.parseInt(statusLine.substring(9, 12));
        } catch (NumberFormatException e) {
            throw new IOException("malformed status code", e);
        }
        List<HttpHeaders.Header> headers = new ArrayList<>();
        long length = -1;
        boolean chunked = false;
        for (String line = line(in); !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IOException("malformed header line" + quoted(line));
            }
            if (headers.size() >= MAX_HEADERS && !defects.contains(Defect.UNBOUNDED_RESPONSES)) {
                throw new IOException("more than " + MAX_HEADERS + " header lines");
            }
            String name = line.substring(0, colon);
            String value = line.substring(colon + 1).strip();
            headers.add(new HttpHeaders.Header(name, value));
            if (name.equalsIgnoreCase("Content-Length")) {
                length = Long.parseLong(value);
            } else if (name.equalsIgnoreCase("Transfer-Encoding") && value.toLowerCase(Locale.ROOT).endsWith("chunked")) {
                chunked = true;
            }
        }
        boolean bounded = !defects.contains(Defect.UNBOUNDED_RESPONSES);
        if (length < -1 || (bounded && length > MAX_BODY_BYTES)) {
            throw new IOException("Content-Length negative or over the limit of " + MAX_BODY_BYTES + " bytes");
        }
        byte[] body;
        if (method.equals("HEAD") || status < 200 || status == 204 || status == 304) {
            body = new byte[0];
        } else if (chunked) {
            body = chunked(in, bounded ? MAX_BODY_BYTES : Integer.MAX_VALUE - 8);
        } else if (length >= 0) {
            body = in.readNBytes((int) length);
            if (body.length < length) {
                throw new IOException("body shorter than its Content-Length");
            }
        } else {
            body = in.readNBytes(bounded ? MAX_BODY_BYTES + 1 : Integer.MAX_VALUE - 8);
            if (body.length > MAX_BODY_BYTES && bounded) {
                throw new IOException("body over the limit of " + MAX_BODY_BYTES + " bytes");
            }
        }
        List<HttpHeaders.Header> returned = defects.contains(Defect.DROPS_REPEATED_HEADERS) ? firstOfEach(headers) : headers;
        return HttpResponse.of(status, HttpHeaders.of(returned), body);
    }

    private byte[] chunked(InputStream in, int maxBytes) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = line(in);
            int semicolon = sizeLine.indexOf(';');
            int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).strip(), 16);
            if (size == 0) {
                while (!line(in).isEmpty()) {
                    // skip trailers
                }
                return body.toByteArray();
            }
            if (size < 0 || size > maxBytes - body.size()) {
                throw new IOException("chunked body over the limit of " + maxBytes + " bytes");
            }
            byte[] chunk = in.readNBytes(size);
            if (chunk.length < size) {
                throw new IOException("truncated chunk");
            }
            body.writeBytes(chunk);
            line(in);
        }
    }

    private String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("end of stream");
            }
            if (line.size() >= MAX_LINE_BYTES && !defects.contains(Defect.UNBOUNDED_RESPONSES)) {
                throw new IOException("a response line longer than " + MAX_LINE_BYTES + " bytes");
            }
            if (b == '\n') {
                String s = line.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            line.write(b);
        }
    }

    /** With {@link Defect#QUOTES_MALFORMED_LINES}: the line, for an error message. */
    private String quoted(String line) {
        return defects.contains(Defect.QUOTES_MALFORMED_LINES) ? ": \"" + line + "\"" : "";
    }

    private static List<HttpHeaders.Header> firstOfEach(List<HttpHeaders.Header> headers) {
        Map<String, HttpHeaders.Header> first = new LinkedHashMap<>();
        for (HttpHeaders.Header h : headers) {
            first.putIfAbsent(h.name().toLowerCase(Locale.ROOT), h);
        }
        return List.copyOf(first.values());
    }

    /** What a "helpful" client does: remove dot segments, decode and re-encode path and query, drop an empty query. */
    private static URI normalized(URI uri) {
        URI n = uri.normalize();
        String query = n.getQuery() == null || n.getQuery().isEmpty() ? null : n.getQuery();
        try {
            return new URI(n.getScheme(), null, n.getHost(), n.getPort(), n.getPath(), query, null);
        } catch (URISyntaxException e) {
            return n;
        }
    }

    private int millis(Duration d) {
        long millis = Math.max(1, d.toMillis());
        if (defects.contains(Defect.COARSE_TIMEOUTS)) {
            millis = (millis + 999) / 1000 * 1000;
        }
        return (int) Math.min(Integer.MAX_VALUE, millis);
    }
}
