package io.rtm.core.spi;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Makes a {@link RateLimiter} discoverable through {@link java.util.ServiceLoader}
 * ({@code META-INF/services/io.rtm.core.spi.RateLimiterProvider}, or {@code provides} in a module), e.g. a fleet-wide
 * limiter that applies once its shared store is configured. Selection, when rate limiting is on:
 * <ol>
 *   <li>a limiter given to the builder ({@code rateLimiter(...)}) or bound in Guice wins, and stays its giver's;</li>
 *   <li>else the provider named by {@code rtm.rate-limiter} (system property) or {@code RTM_RATE_LIMITER}
 *       (environment), whether or not it reports itself {@linkplain #configured configured} (its {@link #create}
 *       then says what is missing); the name {@value #LOCAL} chooses the SDK's local limiter;</li>
 *   <li>else the configured provider with the highest {@link #priority()} (ties broken by name);</li>
 *   <li>else the SDK's local limiter.</li>
 * </ol>
 * The client owns a limiter made by a provider: it closes it (when it is {@link AutoCloseable}) after its own calls
 * are over. Implementations must be thread-safe and have a public no-argument constructor.
 */
public interface RateLimiterProvider {

    /** The name that selects the SDK's local limiter over every provider. */
    String LOCAL = "local";

    /** A short unique name, e.g. {@code redis} (never {@value #LOCAL}). */
    String name();

    /** Higher wins among configured providers when none is named. */
    int priority();

    /**
     * Whether the settings configure this provider (e.g. they name its shared store), so that it is chosen without
     * being named. Must not connect anywhere or throw.
     */
    boolean configured(Settings settings);

    /**
     * Creates the limiter; the caller owns it and closes it if it is {@link AutoCloseable}. May block briefly (e.g. to
     * connect, within a bound the provider documents).
     *
     * @throws io.rtm.core.error.RtmConfigurationException when a setting is missing or malformed; the message names it
     */
    RateLimiter create(Settings settings);

    /**
     * The named settings a provider reads: by default the JVM's system properties and environment, or the sources given
     * to {@code Rtm.builder().fromEnvironment(environment, properties)}. A setting is named in its system-property form
     * ({@code rtm.redis-url}); its environment variable is {@link #environmentVariable derived} from that
     * ({@code RTM_REDIS_URL}); the property wins. Thread-safe.
     */
    @FunctionalInterface
    interface Settings {

        /** The setting's value, trimmed; empty when it is unset or blank. */
        Optional<String> get(String property);

        /**
         * Settings over these lookups (each returns null for an unset name): the property when set and not blank,
         * else its environment variable.
         */
        static Settings of(Function<String, String> properties, Function<String, String> environment) {
            Objects.requireNonNull(properties, "properties");
            Objects.requireNonNull(environment, "environment");
            return property -> {
                String value = properties.apply(property);
                if (value == null || value.isBlank()) {
                    value = environment.apply(environmentVariable(property));
                }
                return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
            };
        }

        /** The environment variable of a setting: upper case, {@code .} and {@code -} as {@code _} ({@code rtm.redis-url} → {@code RTM_REDIS_URL}). */
        static String environmentVariable(String property) {
            return property.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
        }

        /** How to set a setting, for messages: {@code -Drtm.redis-url / RTM_REDIS_URL}. */
        static String describe(String property) {
            return "-D" + property + " / " + environmentVariable(property);
        }
    }
}
