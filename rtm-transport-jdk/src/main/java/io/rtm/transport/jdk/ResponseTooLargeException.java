package io.rtm.transport.jdk;

import java.io.IOException;

/** A response body larger than the transport accepts. */
final class ResponseTooLargeException extends IOException {

    ResponseTooLargeException(int maxBytes) {
        super("the response body exceeds the limit of " + maxBytes + " bytes");
    }
}
