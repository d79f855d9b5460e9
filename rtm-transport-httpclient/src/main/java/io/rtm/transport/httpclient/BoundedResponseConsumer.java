package io.rtm.transport.httpclient;

import io.rtm.core.spi.HttpHeaders;
import io.rtm.core.spi.HttpResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.nio.AsyncResponseConsumer;
import org.apache.hc.core5.http.nio.CapacityChannel;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * Collects a whole response (status, every header in order, body bytes) into an {@link HttpResponse},
 * failing with {@link ResponseTooLargeException} as soon as the body would pass the limit. Used by one
 * exchange on its I/O thread.
 */
final class BoundedResponseConsumer implements AsyncResponseConsumer<HttpResponse> {

    private final int maxBytes;
    private FutureCallback<HttpResponse> resultCallback;
    private int status;
    private HttpHeaders headers;
    private byte[] buffer;
    private int size;

    BoundedResponseConsumer(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public void consumeResponse(org.apache.hc.core5.http.HttpResponse response, EntityDetails entityDetails,
                                HttpContext context, FutureCallback<HttpResponse> resultCallback) throws IOException {
        this.status = response.getCode();
        this.headers = headersOf(response.getHeaders());
        if (entityDetails == null) {
            resultCallback.completed(HttpResponse.of(status, headers, new byte[0]));
            return;
        }
        long declared = entityDetails.getContentLength();
        if (declared > maxBytes) {
            throw new ResponseTooLargeException(maxBytes);
        }
        this.buffer = new byte[declared >= 0 ? (int) declared : Math.min(maxBytes, 8192)];
        this.resultCallback = resultCallback;
    }

    @Override
    public void informationResponse(org.apache.hc.core5.http.HttpResponse response, HttpContext context) {
        // 1xx responses carry nothing the SDK uses.
    }

    @Override
    public void updateCapacity(CapacityChannel capacityChannel) throws IOException {
        capacityChannel.update(Integer.MAX_VALUE);
    }

    @Override
    public void consume(ByteBuffer src) throws IOException {
        int n = src.remaining();
        if (n > maxBytes - size) {
            throw new ResponseTooLargeException(maxBytes);
        }
        if (size + n > buffer.length) {
            buffer = Arrays.copyOf(buffer, (int) Math.min(maxBytes, Math.max((long) buffer.length * 2, size + n)));
        }
        src.get(buffer, size, n);
        size += n;
    }

    @Override
    public void streamEnd(List<? extends Header> trailers) {
        FutureCallback<HttpResponse> callback = resultCallback;
        if (callback != null) {
            callback.completed(HttpResponse.of(status, headers, size == buffer.length ? buffer : Arrays.copyOf(buffer, size)));
        }
        releaseResources();
    }

    @Override
    public void failed(Exception cause) {
        releaseResources();
    }

    @Override
    public void releaseResources() {
        buffer = null;
        resultCallback = null;
    }

    private static HttpHeaders headersOf(Header[] raw) {
        List<HttpHeaders.Header> list = new ArrayList<>(raw.length);
        for (Header h : raw) {
            list.add(new HttpHeaders.Header(h.getName(), h.getValue() == null ? "" : h.getValue()));
        }
        return HttpHeaders.of(list);
    }
}
