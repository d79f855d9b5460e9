package io.rtm.core;

import com.google.inject.AbstractModule;
import com.google.inject.Binder;
import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Module;
import com.google.inject.ProvisionException;
import com.google.inject.Stage;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.OptionalBinder;
import com.google.inject.spi.Message;
import io.rtm.core.error.RtmConfigurationException;
import io.rtm.core.error.RtmException;
import io.rtm.core.internal.ClientAssembly;
import io.rtm.core.internal.PluginLoader;
import io.rtm.core.internal.UnownedAuthenticator;
import io.rtm.core.internal.UnownedTransport;
import io.rtm.core.spi.Authenticator;
import io.rtm.core.spi.Instrumentation;
import io.rtm.core.spi.Interceptor;
import io.rtm.core.spi.RateLimiter;
import io.rtm.core.spi.RetryStrategy;
import io.rtm.core.spi.Transport;
import io.rtm.core.spi.Validator;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The builder's way with Guice modules ({@link RtmBuilder#addModule}): an injector of {@link RtmCoreModule}, the
 * builder's own parts as bindings of its optional binders, and the added modules; the client comes from the module's
 * provider, which calls the same {@link ClientAssembly} as the builder without modules. Kept apart from
 * {@link RtmBuilder} so that Guice's classes are loaded only when a module was added.
 */
final class GuiceAssembly {

    private GuiceAssembly() {
    }

    static <T> T build(Class<T> type, RtmConfig config, RtmBuilder builder, List<Object> modules) {
        ClientAssembly.Parts given = builder.given(ClientAssembly.parts());
        List<Module> all = new ArrayList<>();
        all.add(new RtmCoreModule(config));
        all.add(givenParts(given));
        for (Object m : modules) {
            all.add((Module) m);
        }
        try {
            return Guice.createInjector(Stage.PRODUCTION, all).getInstance(type);
        } catch (CreationException e) {
            throw unwrap(e.getErrorMessages(), e);
        } catch (ProvisionException e) {
            throw unwrap(e.getErrorMessages(), e);
        }
    }

    /** The builder's parts as {@code setBinding()}s of {@link RtmCoreModule}'s optional binders. */
    private static Module givenParts(ClientAssembly.Parts given) {
        return new AbstractModule() {
            @Override
            protected void configure() {
                Binder binder = binder();
                if (given.credentials() != null) {
                    OptionalBinder.newOptionalBinder(binder, Credentials.class).setBinding().toInstance(given.credentials());
                }
                if (given.transport() != null) {
                    // the caller keeps ownership: the client never closes what was given to the builder
                    OptionalBinder.newOptionalBinder(binder, Transport.class).setBinding().toInstance(new UnownedTransport(given.transport()));
                }
                if (given.authenticator() != null) {
                    OptionalBinder.newOptionalBinder(binder, Authenticator.class).setBinding()
                            .toInstance(new UnownedAuthenticator(given.authenticator()));
                }
                if (given.validator() != null) {
                    OptionalBinder.newOptionalBinder(binder, Validator.class).setBinding().toInstance(given.validator());
                }
                if (given.retryStrategy() != null) {
                    OptionalBinder.newOptionalBinder(binder, RetryStrategy.class).setBinding().toInstance(given.retryStrategy());
                }
                if (given.clock() != null) {
                    OptionalBinder.newOptionalBinder(binder, Clock.class).setBinding().toInstance(given.clock());
                }
                if (given.rateLimit() != null) {
                    OptionalBinder.newOptionalBinder(binder, RateLimit.class).setBinding().toInstance(given.rateLimit());
                }
                if (given.rateLimiter() != null) {
                    OptionalBinder.newOptionalBinder(binder, RateLimiter.class).setBinding().toInstance(given.rateLimiter());
                }
                if (given.plugins() != null) {
                    // the sources of fromEnvironment(environment, properties): plugins are chosen and configured from them
                    OptionalBinder.newOptionalBinder(binder, PluginLoader.class).setBinding().toInstance(given.plugins());
                }
                Multibinder<Interceptor> set = Multibinder.newSetBinder(binder, Interceptor.class);
                for (Interceptor i : given.interceptors()) {
                    set.addBinding().toInstance(i);
                }
                Multibinder<Instrumentation> instrumentations = Multibinder.newSetBinder(binder, Instrumentation.class);
                for (Instrumentation i : given.instrumentations()) {
                    instrumentations.addBinding().toInstance(i);
                }
            }
        };
    }

    private static RuntimeException unwrap(Iterable<Message> messages, RuntimeException original) {
        for (Message m : messages) {
            for (Throwable t = m.getCause(); t != null; t = t.getCause()) {
                if (t instanceof RtmException rtm) {
                    return rtm;
                }
            }
        }
        return new RtmConfigurationException("could not assemble the RTM client: " + original.getMessage(), original);
    }
}
