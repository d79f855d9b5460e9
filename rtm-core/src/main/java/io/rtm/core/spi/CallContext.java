package io.rtm.core.spi;

import io.rtm.core.Operation;
import java.util.Objects;
import java.util.Optional;

/**
 * What an interceptor or authenticator may know about the call it is part of: the {@link Operation}, the App ID,
 * the user the call acts as when the operation has one (the {@code {user_id}} of the path: a message's sender), the
 * attempt number, and the call's {@link CallAttributes}, shared by every interceptor and attempt of the call.
 * Immutable apart from the attributes, which are thread-safe.
 */
public final class CallContext {

    private final Operation operation;
    private final String appId;
    private final String userId;
    private final int attempt;
    private final CallAttributes attributes;

    private CallContext(Operation operation, String appId, String userId, int attempt, CallAttributes attributes) {
        this.operation = Objects.requireNonNull(operation, "operation");
        this.appId = Objects.requireNonNull(appId, "appId");
        this.userId = userId;
        if (attempt < 0) {
            throw new IllegalArgumentException("attempt must not be negative: " + attempt);
        }
        this.attempt = attempt;
        this.attributes = Objects.requireNonNull(attributes, "attributes");
    }

    /** A builder (the SDK makes one context per call; tests of plugins make their own). */
    public static Builder builder(Operation operation, String appId) {
        return new Builder(operation, appId);
    }

    /** Which operation the call is. */
    public Operation operation() {
        return operation;
    }

    /** The App ID the call goes to. */
    public String appId() {
        return appId;
    }

    /** The user the call acts as ({@code {user_id}} in the path, decoded: a message's sender), when the operation has one. */
    public Optional<String> userId() {
        return Optional.ofNullable(userId);
    }

    /** The attempt number, from 1; 0 in {@link Phase#PER_CALL} interceptors, which run before any attempt. */
    public int attempt() {
        return attempt;
    }

    /** The call's attributes, the same for every attempt. */
    public CallAttributes attributes() {
        return attributes;
    }

    /** This context for the given attempt, sharing the attributes. */
    public CallContext forAttempt(int attempt) {
        return attempt == this.attempt ? this : new CallContext(operation, appId, userId, attempt, attributes);
    }

    /** Operation, App ID, user and attempt (no attribute values). */
    @Override
    public String toString() {
        return "CallContext{" + operation + ", appId='" + appId + "'" + (userId == null ? "" : ", userId='" + userId + "'")
                + ", attempt=" + attempt + '}';
    }

    /** Builds a {@link CallContext}. Not thread-safe. */
    public static final class Builder {
        private final Operation operation;
        private final String appId;
        private String userId;
        private int attempt;
        private CallAttributes attributes;

        private Builder(Operation operation, String appId) {
            this.operation = Objects.requireNonNull(operation, "operation");
            this.appId = Objects.requireNonNull(appId, "appId");
        }

        /** The user the call acts as (default none). */
        public Builder userId(String userId) {
            this.userId = Objects.requireNonNull(userId, "userId");
            return this;
        }

        /** The attempt number (default 0, before any attempt). */
        public Builder attempt(int attempt) {
            this.attempt = attempt;
            return this;
        }

        /** The attributes (default a new, empty bag). */
        public Builder attributes(CallAttributes attributes) {
            this.attributes = Objects.requireNonNull(attributes, "attributes");
            return this;
        }

        /** The context. */
        public CallContext build() {
            return new CallContext(operation, appId, userId, attempt, attributes != null ? attributes : new CallAttributes());
        }
    }
}
