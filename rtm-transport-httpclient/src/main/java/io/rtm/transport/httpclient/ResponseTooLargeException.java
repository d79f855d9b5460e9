package io.rtm.transport.httpclient;

import java.io.IOException;

/** Thrown inside the response consumer when a body exceeds the configured limit; aborts the exchange. */
final class ResponseTooLargeException extends IOException {

    private static final long serialVersionUID = 1L;

    ResponseTooLargeException(int limit) {
        super("the response body exceeds the limit of " + limit + " bytes");
    }
}
