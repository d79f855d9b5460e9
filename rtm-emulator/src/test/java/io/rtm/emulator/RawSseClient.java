package io.rtm.emulator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A receiver stream on a raw socket, so that a test controls exactly how the connection ends: {@link #hangUp()}
 * shuts both directions down and closes the socket, as a process that exits or a client that closes would.
 */
final class RawSseClient implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    /** The response head and the stream read so far. */
    private final StringBuilder received = new StringBuilder();

    RawSseClient(RtmEmulator emulator, String appId, String rawUser, String query) {
        this(emulator, appId, rawUser, query, 0);
    }

    /** @param receiveBuffer the socket's receive buffer in bytes (a small one stalls the server's writes sooner), or 0 */
    RawSseClient(RtmEmulator emulator, String appId, String rawUser, String query, int receiveBuffer) {
        try {
            socket = new Socket();
            if (receiveBuffer > 0) {
                socket.setReceiveBufferSize(receiveBuffer); // before connecting, so that the window stays small
            }
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", emulator.port()), 5_000);
            socket.setSoTimeout(5_000);
            String target = "/emulator/v1/apps/" + appId + "/users/" + rawUser + "/events" + (query == null ? "" : "?" + query);
            socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            in = socket.getInputStream();
            readUntil(": connected\n\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads until the stream so far contains {@code text}; returns everything read so far. */
    String readUntil(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        while (received.indexOf(text) < 0) {
            int n = in.read(buffer);
            if (n < 0) {
                throw new IOException("the stream ended before '" + text + "': " + received);
            }
            bytes.reset();
            bytes.write(buffer, 0, n);
            received.append(bytes.toString(StandardCharsets.UTF_8));
        }
        return received.toString();
    }

    /** Reads to the end of the connection; true when the server closed it (rather than the read timing out). */
    boolean readsToEndOfConnection() throws IOException {
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            received.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
        }
        return true;
    }

    /** Everything read so far. */
    String received() {
        return received.toString();
    }

    /** Goes away: shuts the socket down in both directions and closes it. */
    void hangUp() throws IOException {
        socket.shutdownOutput();
        socket.shutdownInput();
        socket.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
