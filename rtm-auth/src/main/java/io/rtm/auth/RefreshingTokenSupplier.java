package io.rtm.auth;

import io.rtm.auth.token.RtmTokenBuilder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A caching token supplier for tokens that expire. Tokens come from a fetcher (e.g. a call to your own
 * token service) as {@link IssuedToken}s; the supplier caches the current one and fetches a new one
 * <ul>
 *   <li>on first use;</li>
 *   <li>once the clock reaches the refresh time: {@code expiresAt - refreshMargin} (default 60 s), but never
 *       before half of the token's remaining lifetime at fetch time has passed, so a short-lived token is not
 *       fetched again on every call;</li>
 *   <li>after {@link #invalidate(String)} of the current token (an HTTP 401).</li>
 * </ul>
 * Fetches are single-flight: concurrent callers share one in-flight fetch. A failed (or timed-out) fetch
 * fails the callers waiting on it, and the next call fetches again.
 *
 * <p>Never blocks a thread: {@link #token()} returns at once, and callers waiting for a fetch are completed
 * on the thread that completes the fetcher's stage (or, after {@code fetchTimeout}, on the JDK's
 * {@code CompletableFuture} delay thread). Thread-safe. {@link #toString()} never prints a token.
 */
public final class RefreshingTokenSupplier implements RefreshableTokenSupplier {

    /** Default time before expiry at which a token is replaced. */
    public static final Duration DEFAULT_REFRESH_MARGIN = Duration.ofSeconds(60);
    /** Default time a fetch may take before its callers fail with a {@link java.util.concurrent.TimeoutException}. */
    public static final Duration DEFAULT_FETCH_TIMEOUT = Duration.ofSeconds(30);

    private static final Logger log = LoggerFactory.getLogger(RefreshingTokenSupplier.class);

    private final Supplier<? extends CompletionStage<IssuedToken>> fetcher;
    private final Clock clock;
    private final Duration refreshMargin;
    private final Duration fetchTimeout;

    private final Object lock = new Object();
    private IssuedToken current;                       // guarded by lock
    private Instant refreshAt;                         // guarded by lock; set together with current
    private CompletableFuture<IssuedToken> inFlight;   // guarded by lock

    private RefreshingTokenSupplier(Builder b) {
        this.fetcher = b.fetcher;
        this.clock = b.clock;
        this.refreshMargin = b.refreshMargin;
        this.fetchTimeout = b.fetchTimeout;
    }

    /**
     * A builder for a supplier that fetches tokens with {@code fetcher}. The fetcher is called at most once
     * at a time, must not block, and should complete its stage with a token or fail it.
     */
    public static Builder builder(Supplier<? extends CompletionStage<IssuedToken>> fetcher) {
        return new Builder(fetcher);
    }

    /**
     * A supplier that mints tokens locally with {@link RtmTokenBuilder}, for servers that hold the App
     * Certificate. Each token lets {@code uid} log in for {@code validity} from the moment it is minted
     * ({@code ts} = now + 24 h, as the reference builder), and is replaced inside the default refresh margin.
     *
     * @param validity between 1 second and 24 hours (a 006 token's own {@code ts} ends it at 24 h)
     * @throws IllegalArgumentException when an argument is invalid (never quoting the certificate)
     */
    public static RefreshingTokenSupplier selfIssued(String appId, String appCertificate, String uid,
                                                     Duration validity, Clock clock) {
        Objects.requireNonNull(validity, "validity");
        Objects.requireNonNull(clock, "clock");
        RtmTokenBuilder.forAccount(appId, appCertificate, uid); // validates the arguments now, not at first use
        if (validity.compareTo(Duration.ofSeconds(1)) < 0 || validity.compareTo(RtmTokenBuilder.DEFAULT_TOKEN_LIFETIME) > 0) {
            throw new IllegalArgumentException("validity must be between 1 second and 24 hours, got " + validity);
        }
        long validitySeconds = validity.toSeconds();
        Supplier<CompletionStage<IssuedToken>> mint = () -> {
            long expireTs = clock.instant().getEpochSecond() + validitySeconds;
            String token = RtmTokenBuilder.forAccount(appId, appCertificate, uid)
                    .clock(clock).loginExpireTs(expireTs).build();
            return CompletableFuture.completedFuture(new IssuedToken(token, Instant.ofEpochSecond(expireTs)));
        };
        return builder(mint).clock(clock).build();
    }

    /** The current token, fetching one first when needed (see the class documentation). Never null. */
    @Override
    public CompletionStage<String> token() {
        CompletableFuture<IssuedToken> fetch;
        boolean start = false;
        synchronized (lock) {
            if (current != null && clock.instant().isBefore(refreshAt)) {
                return CompletableFuture.completedFuture(current.token());
            }
            if (inFlight == null) {
                inFlight = new CompletableFuture<>();
                start = true;
            }
            fetch = inFlight;
        }
        if (start) {
            startFetch(fetch); // outside the lock: the fetcher may complete synchronously
        }
        return fetch.thenApply(IssuedToken::token);
    }

    /**
     * Forgets the current token if it is {@code rejectedToken}, so the next {@link #token()} fetches a new
     * one. A token that is no longer current (already replaced) is ignored, so many requests rejected with
     * the same token cause one fetch.
     */
    @Override
    public void invalidate(String rejectedToken) {
        synchronized (lock) {
            if (current != null && current.token().equals(rejectedToken)) {
                current = null;
                refreshAt = null;
            }
        }
    }

    private void startFetch(CompletableFuture<IssuedToken> fetch) {
        CompletableFuture<IssuedToken> attempt = new CompletableFuture<IssuedToken>()
                .orTimeout(fetchTimeout.toNanos(), TimeUnit.NANOSECONDS);
        // state is updated before the shared future completes, so a caller reacting to it sees the new state
        attempt.whenComplete((token, error) -> settle(fetch, token, error));
        try {
            CompletionStage<IssuedToken> stage = fetcher.get();
            if (stage == null) {
                attempt.completeExceptionally(new IllegalStateException("the token fetcher returned no stage"));
                return;
            }
            stage.whenComplete((token, error) -> {
                if (error != null) {
                    attempt.completeExceptionally(unwrap(error));
                } else if (token == null) {
                    attempt.completeExceptionally(new IllegalStateException("the token fetcher completed without a token"));
                } else {
                    attempt.complete(token);
                }
            });
        } catch (RuntimeException e) {
            attempt.completeExceptionally(e);
        }
    }

    private void settle(CompletableFuture<IssuedToken> fetch, IssuedToken token, Throwable error) {
        Throwable failure = error == null ? null : unwrap(error);
        synchronized (lock) {
            if (inFlight == fetch) {
                inFlight = null;
            }
            if (failure == null) {
                current = token;
                refreshAt = refreshTime(token, clock.instant());
            }
        }
        if (failure == null) {
            log.debug("Fetched an RTM token valid until {}", token.expiresAt());
            fetch.complete(token);
        } else {
            // the class only: a fetcher's message is not ours to vouch for
            log.warn("Fetching an RTM token failed ({}); the next call fetches again", failure.getClass().getName());
            fetch.completeExceptionally(failure);
        }
    }

    private Instant refreshTime(IssuedToken token, Instant now) {
        Instant expiresAt = token.expiresAt();
        Instant byMargin = expiresAt.minus(refreshMargin);
        Instant halfway = now.isBefore(expiresAt) ? now.plus(Duration.between(now, expiresAt).dividedBy(2)) : expiresAt;
        return byMargin.isAfter(halfway) ? byMargin : halfway;
    }

    private static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while (e instanceof CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    /** Settings and the current token's expiry; never the token. */
    @Override
    public String toString() {
        Instant expiresAt;
        synchronized (lock) {
            expiresAt = current == null ? null : current.expiresAt();
        }
        return "RefreshingTokenSupplier{refreshMargin=" + refreshMargin + ", token="
                + (expiresAt == null ? "<none>" : "<redacted>, expiresAt=" + expiresAt) + "}";
    }

    /** Builds a {@link RefreshingTokenSupplier}. Not thread-safe. */
    public static final class Builder {
        private final Supplier<? extends CompletionStage<IssuedToken>> fetcher;
        private Clock clock = Clock.systemUTC();
        private Duration refreshMargin = DEFAULT_REFRESH_MARGIN;
        private Duration fetchTimeout = DEFAULT_FETCH_TIMEOUT;

        private Builder(Supplier<? extends CompletionStage<IssuedToken>> fetcher) {
            this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
        }

        /** The clock that expiry is judged by; default the system UTC clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** How long before expiry a token is replaced; not negative; default 60 s. */
        public Builder refreshMargin(Duration refreshMargin) {
            Objects.requireNonNull(refreshMargin, "refreshMargin");
            if (refreshMargin.isNegative()) {
                throw new IllegalArgumentException("refreshMargin must not be negative, got " + refreshMargin);
            }
            this.refreshMargin = refreshMargin;
            return this;
        }

        /** How long a fetch may take before its callers fail; positive; default 30 s. */
        public Builder fetchTimeout(Duration fetchTimeout) {
            Objects.requireNonNull(fetchTimeout, "fetchTimeout");
            if (fetchTimeout.isNegative() || fetchTimeout.isZero()) {
                throw new IllegalArgumentException("fetchTimeout must be positive, got " + fetchTimeout);
            }
            this.fetchTimeout = fetchTimeout;
            return this;
        }

        /** Builds the supplier; nothing is fetched until the first {@link RefreshingTokenSupplier#token()}. */
        public RefreshingTokenSupplier build() {
            return new RefreshingTokenSupplier(this);
        }
    }
}
