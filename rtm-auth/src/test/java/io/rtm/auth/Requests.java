package io.rtm.auth;

import io.rtm.core.Operation;
import io.rtm.core.spi.CallContext;
import io.rtm.core.spi.HttpHeaders;
import io.rtm.core.spi.HttpRequest;
import io.rtm.core.spi.HttpResponse;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/** Requests and contexts for authenticator tests. */
final class Requests {

    static final String APP_ID = "0123456789abcdef0123456789abcdef";

    private Requests() {
    }

    static HttpRequest peerMessage(String sender) {
        return HttpRequest.builder()
                .method("POST")
                .uri(URI.create("https://api.agrtc.cn/dev/v2/project/" + APP_ID + "/rtm/users/" + sender + "/peer_messages"))
                .header("Content-Type", "application/json;charset=utf-8")
                .body("{\"destination\":\"bob\",\"payload\":\"hi\"}".getBytes(StandardCharsets.UTF_8))
                .build();
    }

    static CallContext call(String sender) {
        return CallContext.builder(Operation.SEND_PEER, APP_ID).userId(sender).attempt(1).build();
    }

    static HttpResponse unauthorized() {
        return HttpResponse.of(401, HttpHeaders.empty(),
                "{\"result\":\"failed\",\"code\":\"token_expired\",\"request_id\":\"r1\",\"message\":\"expired\"}");
    }
}
