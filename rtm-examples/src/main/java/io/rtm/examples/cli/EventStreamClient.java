package io.rtm.examples.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A receiver: one user's Server-Sent Events stream from an emulator
 * ({@code GET /emulator/v1/apps/{appid}/users/{user}/events?channels=…}). The user is online while it is
 * open. Each {@code message} event's data (one JSON object) goes to the listener, on the reader thread.
 */
final class EventStreamClient implements AutoCloseable {

    private final ExecutorService executor;
    private final HttpClient http;
    private final Thread reader;
    private final CountDownLatch connected = new CountDownLatch(1);
    private volatile InputStream body;
    private volatile boolean closed;
    private volatile IOException failure;

    private EventStreamClient(URI uri, Consumer<String> listener, String threadName) {
        // The JDK client's default executor starts a thread per task on this kind of machine: give it one.
        executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, threadName + "-http");
            t.setDaemon(true);
            return t;
        });
        http = HttpClient.newBuilder().executor(executor).connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").GET().build();
        reader = new Thread(() -> read(request, listener), threadName);
        reader.setDaemon(true);
    }

    /** Opens the stream for {@code user} (joining {@code channels}) and waits until it is connected. */
    static EventStreamClient open(String endpoint, String appId, String user, List<String> channels, Consumer<String> listener) {
        StringBuilder uri = new StringBuilder(endpoint).append("/emulator/v1/apps/").append(segment(appId))
                .append("/users/").append(segment(user)).append("/events");
        if (!channels.isEmpty()) {
            uri.append("?channels=").append(URLEncoder.encode(String.join(",", channels), StandardCharsets.UTF_8).replace("+", "%20"));
        }
        EventStreamClient c = new EventStreamClient(URI.create(uri.toString()), listener, "rtm-receiver-" + user);
        c.reader.start();
        try {
            if (!c.connected.await(10, TimeUnit.SECONDS)) {
                c.close();
                throw new IllegalStateException("the receiver for '" + user + "' did not connect within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            c.close();
            throw new IllegalStateException("interrupted while connecting the receiver", e);
        }
        if (c.failure != null) {
            c.close();
            throw new IllegalStateException("the receiver for '" + user + "' could not connect: " + c.failure.getMessage(), c.failure);
        }
        return c;
    }

    private void read(HttpRequest request, Consumer<String> listener) {
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            body = response.body();
            if (response.statusCode() != 200) {
                failure = new IOException("HTTP " + response.statusCode() + ": "
                        + new String(body.readNBytes(300), StandardCharsets.UTF_8));
                connected.countDown();
                return;
            }
            connected.countDown();
            BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
            String event = "message";
            StringBuilder data = new StringBuilder();
            String line;
            while (!closed && (line = lines.readLine()) != null) {
                if (line.isEmpty()) {
                    if (data.length() > 0 && event.equals("message")) {
                        listener.accept(data.toString());
                    }
                    data.setLength(0);
                    event = "message";
                } else if (line.startsWith("data:")) {
                    if (data.length() > 0) {
                        data.append('\n');
                    }
                    data.append(line.substring(line.startsWith("data: ") ? 6 : 5));
                } else if (line.startsWith("event:")) {
                    event = line.substring(6).trim();
                }
                // ':' comments (heartbeats) and 'id:' lines need no action here
            }
        } catch (IOException e) {
            if (!closed) {
                failure = e;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            connected.countDown();
        }
    }

    /** One percent-encoded path segment (RFC 3986: everything but the unreserved characters, as UTF-8 bytes). */
    private static String segment(String s) {
        // URLEncoder's form encoding, then the three places where it differs from a path segment
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
    }

    /** Closes the stream (the user goes offline when its last stream closes). */
    @Override
    public void close() {
        closed = true;
        InputStream b = body;
        if (b != null) {
            try {
                b.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        reader.interrupt();
        try {
            reader.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executor.shutdownNow();
    }
}
