package io.rtm.core.spi;

import io.rtm.core.Api;
import java.util.Objects;

/**
 * What an interceptor or authenticator may know about the call it is part of. Immutable.
 *
 * @param api      which send API
 * @param appId    the App ID the call goes to
 * @param senderId the sending user's ID (decoded, as in the message)
 * @param attempt  the attempt number, starting at 1 (0 in per-call interceptors, before any attempt)
 */
public record CallContext(Api api, String appId, String senderId, int attempt) {

    /** Creates a context. */
    public CallContext {
        Objects.requireNonNull(api, "api");
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(senderId, "senderId");
    }

    /** This context for the given attempt. */
    public CallContext forAttempt(int attempt) {
        return new CallContext(api, appId, senderId, attempt);
    }
}
