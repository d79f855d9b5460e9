package io.rtm.core.internal;

import io.rtm.core.Credentials;
import io.rtm.core.error.RtmConfigurationException;
import io.rtm.core.spi.AuthenticatorProvider;
import io.rtm.core.spi.Instrumentation;
import io.rtm.core.spi.InstrumentationProvider;
import io.rtm.core.spi.RateLimiterProvider;
import io.rtm.core.spi.TransportProvider;
import io.rtm.core.spi.ValidatorProvider;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds plugins with {@link ServiceLoader} and chooses one by the documented rules: a name from the
 * system property (e.g. {@code rtm.transport}) or environment variable ({@code RTM_TRANSPORT}) wins; else
 * the highest priority (ties broken by name, with a warning). Logs what it found and chose. Errors name
 * the artifact to add or the names available. A rate limiter is optional: without a configured provider the
 * client uses its local one ({@link #rateLimiter()}). The same property and environment lookups are the
 * {@link #settings() settings} that providers read.
 */
public final class PluginLoader {

    private static final Logger LOG = LoggerFactory.getLogger(PluginLoader.class);

    /** System property naming the transport provider. */
    public static final String TRANSPORT_PROPERTY = "rtm.transport";
    /** System property naming the authenticator provider. */
    public static final String AUTHENTICATOR_PROPERTY = "rtm.authenticator";
    /** System property naming the validator provider. */
    public static final String VALIDATOR_PROPERTY = "rtm.validator";
    /** System property naming the rate limiter provider ({@value RateLimiterProvider#LOCAL} for the local limiter). */
    public static final String RATE_LIMITER_PROPERTY = "rtm.rate-limiter";
    /** System property listing discovered instrumentations not to add (comma-separated names, or {@code all}). */
    public static final String INSTRUMENTATION_DISABLED_PROPERTY = "rtm.instrumentation.disabled";

    private final Function<String, String> properties;
    private final Function<String, String> environment;
    private final ClassLoader classLoader;

    /** A loader reading the JVM's system properties and environment and the context class loader. */
    public PluginLoader() {
        this(System::getProperty, System::getenv, defaultClassLoader());
    }

    /**
     * A loader reading these property and environment lookups (e.g. the sources given to
     * {@code RtmBuilder.fromEnvironment}) and the context class loader.
     */
    public PluginLoader(Function<String, String> properties, Function<String, String> environment) {
        this(properties, environment, defaultClassLoader());
    }

    /** A loader with explicit property/environment lookups (for tests). */
    public PluginLoader(Function<String, String> properties, Function<String, String> environment, ClassLoader classLoader) {
        this.properties = properties;
        this.environment = environment;
        this.classLoader = classLoader;
    }

    /** The transport provider to use. */
    public TransportProvider transport() {
        return select("transport", TransportProvider.class, TRANSPORT_PROPERTY, p -> true,
                TransportProvider::name, TransportProvider::priority,
                "add the dependency io.rtm:rtm-transport-httpclient, or pass Rtm.builder().transport(...)");
    }

    /** The authenticator provider that supports these credentials. */
    public AuthenticatorProvider authenticator(Credentials credentials) {
        return select("authenticator", AuthenticatorProvider.class, AUTHENTICATOR_PROPERTY, p -> p.supports(credentials),
                AuthenticatorProvider::name, AuthenticatorProvider::priority,
                "add the dependency io.rtm:rtm-auth (it handles Credentials.basic and Credentials.token), "
                        + "or pass Rtm.builder().authenticator(...); credentials scheme: " + credentials.scheme());
    }

    /** The validator provider to use. */
    public ValidatorProvider validator() {
        return select("validator", ValidatorProvider.class, VALIDATOR_PROPERTY, p -> true,
                ValidatorProvider::name, ValidatorProvider::priority,
                "add the dependency io.rtm:rtm-validation, or pass Rtm.builder().validator(...)");
    }

    /** The settings providers read: this loader's property, else environment, lookups. */
    public RateLimiterProvider.Settings settings() {
        return RateLimiterProvider.Settings.of(properties, environment);
    }

    /**
     * The rate limiter provider to use, by {@link RateLimiterProvider}'s rules: the one named by
     * {@code rtm.rate-limiter} / {@code RTM_RATE_LIMITER}, configured or not; else the configured one with the highest
     * priority; empty for the local limiter (named {@value RateLimiterProvider#LOCAL}, or none configured).
     *
     * @throws RtmConfigurationException when the name matches no provider, naming those found
     */
    public Optional<RateLimiterProvider> rateLimiter() {
        List<RateLimiterProvider> all = load(RateLimiterProvider.class);
        RateLimiterProvider.Settings settings = settings();
        String foundText = all.stream().map(p -> p.name() + "(priority " + p.priority() + ")")
                .collect(Collectors.joining(", ", "[", "]"));
        Optional<String> wanted = requested(RATE_LIMITER_PROPERTY);
        if (wanted.isPresent()) {
            if (wanted.get().equalsIgnoreCase(RateLimiterProvider.LOCAL)) {
                LOG.info("RTM rate limiter: found {}; using the local limiter as named by {}", foundText, describe(RATE_LIMITER_PROPERTY));
                return Optional.empty();
            }
            for (RateLimiterProvider p : all) {
                if (p.name().equalsIgnoreCase(wanted.get())) {
                    LOG.info("RTM rate limiter: found {}; using '{}' as named by {}", foundText, p.name(), describe(RATE_LIMITER_PROPERTY));
                    return Optional.of(p);
                }
            }
            throw new RtmConfigurationException("no " + RateLimiterProvider.class.getName() + " named '" + wanted.get()
                    + "' (set by " + describe(RATE_LIMITER_PROPERTY) + "); found " + foundText + "; '"
                    + RateLimiterProvider.LOCAL + "' names the local limiter; add the provider's artifact (e.g. "
                    + "io.rtm:rtm-ratelimit-redis for 'redis')");
        }
        List<RateLimiterProvider> configured = new ArrayList<>();
        for (RateLimiterProvider p : all) {
            if (p.configured(settings)) {
                configured.add(p);
            }
        }
        if (configured.isEmpty()) {
            if (!all.isEmpty()) {
                LOG.info("RTM rate limiter: found {}, none configured; using the local limiter", foundText);
            }
            return Optional.empty();
        }
        configured.sort(Comparator.comparingInt(RateLimiterProvider::priority).reversed().thenComparing(RateLimiterProvider::name));
        RateLimiterProvider chosen = configured.get(0);
        if (configured.size() > 1 && configured.get(1).priority() == chosen.priority()) {
            LOG.warn("RTM rate limiter: found {} configured with equal top priority; using '{}' (first by name). Set {} to choose.",
                    foundText, chosen.name(), describe(RATE_LIMITER_PROPERTY));
        } else {
            LOG.info("RTM rate limiter: found {}; using '{}' (configured, highest priority; set {} to choose)", foundText,
                    chosen.name(), describe(RATE_LIMITER_PROPERTY));
        }
        return Optional.of(chosen);
    }

    /**
     * The instrumentations of the {@link InstrumentationProvider}s found, in name order, except those named in
     * {@code skip} (given explicitly) or disabled by {@value #INSTRUMENTATION_DISABLED_PROPERTY} /
     * {@code RTM_INSTRUMENTATION_DISABLED}.
     */
    public List<Instrumentation> instrumentations(java.util.Set<String> skip) {
        List<InstrumentationProvider> found = load(InstrumentationProvider.class);
        if (found.isEmpty()) {
            return List.of();
        }
        java.util.Set<String> disabled = new java.util.HashSet<>();
        requested(INSTRUMENTATION_DISABLED_PROPERTY).ifPresent(v -> {
            for (String name : v.split(",")) {
                disabled.add(name.trim().toLowerCase(Locale.ROOT));
            }
        });
        found.sort(Comparator.comparing(InstrumentationProvider::name));
        List<Instrumentation> out = new ArrayList<>();
        for (InstrumentationProvider p : found) {
            String name = p.name();
            if (skip.contains(name)) {
                LOG.debug("RTM instrumentation '{}': given explicitly, the discovered one is not added", name);
            } else if (disabled.contains("all") || disabled.contains(name.toLowerCase(Locale.ROOT))) {
                LOG.info("RTM instrumentation '{}': found, not added (disabled by {})", name,
                        describe(INSTRUMENTATION_DISABLED_PROPERTY));
            } else {
                Instrumentation i = p.create();
                if (!i.name().equals(name)) {
                    throw new RtmConfigurationException("the instrumentation provider " + p.getClass().getName()
                            + " is named '" + name + "' but created one named '" + i.name() + "'");
                }
                LOG.info("RTM instrumentation '{}': found and added (set {} to leave it out)", name,
                        describe(INSTRUMENTATION_DISABLED_PROPERTY));
                out.add(i);
            }
        }
        return out;
    }

    private <P> P select(String kind, Class<P> spi, String property, Predicate<P> supports, Function<P, String> name,
                         ToIntFunction<P> priority, String hint) {
        List<P> all = load(spi);
        List<P> found = all.stream().filter(supports).collect(Collectors.toList());
        String foundText = all.stream().map(p -> name.apply(p) + "(priority " + priority.applyAsInt(p) + ")")
                .collect(Collectors.joining(", ", "[", "]"));
        Optional<String> wanted = requested(property);
        if (wanted.isPresent()) {
            for (P p : found) {
                if (name.apply(p).equalsIgnoreCase(wanted.get())) {
                    LOG.info("RTM {}: found {}; using '{}' as named by {}", kind, foundText, name.apply(p), describe(property));
                    return p;
                }
            }
            throw new RtmConfigurationException("no " + spi.getName() + " named '" + wanted.get() + "' (set by "
                    + describe(property) + ") supports this configuration; found " + foundText + "; " + hint);
        }
        if (found.isEmpty()) {
            throw new RtmConfigurationException("no " + spi.getName() + " found on the class path"
                    + (all.isEmpty() ? "" : " that supports this configuration (found " + foundText + ")") + ": " + hint);
        }
        List<P> sorted = new ArrayList<>(found);
        sorted.sort(Comparator.comparingInt(priority).reversed().thenComparing(name));
        P chosen = sorted.get(0);
        if (sorted.size() > 1 && priority.applyAsInt(sorted.get(1)) == priority.applyAsInt(chosen)) {
            LOG.warn("RTM {}: found {} with equal top priority; using '{}' (first by name). Set {} to choose.",
                    kind, foundText, name.apply(chosen), describe(property));
        } else {
            LOG.info("RTM {}: found {}; using '{}' (highest priority; set {} to choose)", kind, foundText,
                    name.apply(chosen), describe(property));
        }
        return chosen;
    }

    private Optional<String> requested(String property) {
        return settings().get(property);
    }

    private static String describe(String property) {
        return RateLimiterProvider.Settings.describe(property);
    }

    private <P> List<P> load(Class<P> spi) {
        List<P> out = new ArrayList<>();
        try {
            for (P p : ServiceLoader.load(spi, classLoader)) {
                out.add(p);
            }
        } catch (ServiceConfigurationError e) {
            throw new RtmConfigurationException("a plugin for " + spi.getName() + " is broken: " + e.getMessage(), e);
        }
        return out;
    }

    private static ClassLoader defaultClassLoader() {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        return cl != null ? cl : PluginLoader.class.getClassLoader();
    }
}
