package io.rtm.core.testsupport;

import io.rtm.core.error.RtmCredentialsException;
import io.rtm.core.spi.Authenticator;
import io.rtm.core.spi.CallContext;
import io.rtm.core.spi.HttpRequest;
import io.rtm.core.spi.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Adds {@code Authorization: Basic base64(key:secret)}; optionally token-style (one sender) and refreshing on 401. */
public final class TestAuthenticator implements Authenticator {

    public static final String API_KEY = "key-4f1c9a";
    public static final String API_SECRET = "s3cr3t-7d2e8b0a91c4";
    public static final String AUTHORIZATION =
            "Basic " + Base64.getEncoder().encodeToString((API_KEY + ":" + API_SECRET).getBytes(StandardCharsets.UTF_8));

    private final String onlySender;
    private final boolean refreshOn401;
    private final AtomicInteger unauthorized = new AtomicInteger();
    private final List<CallContext> contexts = new CopyOnWriteArrayList<>();

    private TestAuthenticator(String onlySender, boolean refreshOn401) {
        this.onlySender = onlySender;
        this.refreshOn401 = refreshOn401;
    }

    /** Any sender; a 401 is final. */
    public static TestAuthenticator basic() {
        return new TestAuthenticator(null, false);
    }

    /** Any sender; a 401 asks for one more attempt. */
    public static TestAuthenticator refreshingOn401() {
        return new TestAuthenticator(null, true);
    }

    /** Like token credentials: may send only as {@code uid}. */
    public static TestAuthenticator onlyAs(String uid) {
        return new TestAuthenticator(uid, false);
    }

    @Override
    public void checkSender(String senderId) {
        if (onlySender != null && !onlySender.equals(senderId)) {
            throw RtmCredentialsException.notAllowed("uid_mismatch",
                    "token credentials for '" + onlySender + "' cannot send as '" + senderId + "'");
        }
    }

    @Override
    public CompletableFuture<HttpRequest> authenticate(HttpRequest request, CallContext call) {
        contexts.add(call);
        return CompletableFuture.completedFuture(request.withHeader("Authorization", AUTHORIZATION));
    }

    @Override
    public boolean onUnauthorized(HttpRequest request, HttpResponse response) {
        unauthorized.incrementAndGet();
        return refreshOn401;
    }

    public int authenticateCalls() {
        return contexts.size();
    }

    public List<CallContext> contexts() {
        return List.copyOf(contexts);
    }

    public int unauthorizedCalls() {
        return unauthorized.get();
    }
}
