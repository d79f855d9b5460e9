package io.rtm.emulator;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty answers some requests before any handler sees them: a request line it cannot parse (a {@code %} not
 * followed by two hex digits, an encoded NUL, a {@code ..} above the root), oversized headers, an unsupported
 * HTTP version. This gives those answers the emulator's JSON error shape instead of Jetty's HTML page.
 */
final class JsonErrorHandler extends ErrorHandler {

    private final Supplier<String> requestIds;

    JsonErrorHandler(Supplier<String> requestIds) {
        this.requestIds = requestIds;
    }

    @Override
    protected void generateResponse(Request request, Response response, int status, String message, Throwable cause,
            Callback callback) {
        String code;
        switch (status) {
            case 400:
                code = Codes.MALFORMED_REQUEST;
                break;
            case 404:
                code = Codes.NOT_FOUND;
                break;
            case 413:
                code = Codes.PAYLOAD_TOO_LARGE;
                break;
            case 414:
                code = "uri_too_long";
                break;
            case 431:
                code = "headers_too_large";
                break;
            case 500:
                code = Codes.INTERNAL_ERROR;
                break;
            default:
                code = "http_" + status;
        }
        String text = status == 400 ? "the request is malformed (e.g. a bad percent-encoding or an encoded control"
                + " character in the URI)" : (message == null ? "HTTP " + status : message);
        byte[] json = Json.error(code, requestIds.get(), text, List.of());
        response.getHeaders().put(Exchange.JSON_CONTENT_TYPE);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, json.length);
        response.write(true, ByteBuffer.wrap(json), callback);
    }
}
