package io.rtm.benchmarks.proposed;

import io.rtm.core.Credentials;
import io.rtm.core.RateLimit;
import io.rtm.core.RetryPolicy;
import io.rtm.core.RtmClient;
import io.rtm.core.RtmConfig;
import io.rtm.core.internal.DefaultRtmAsyncClient;
import io.rtm.core.internal.DefaultRtmClient;
import io.rtm.core.internal.LocalRateLimiter;
import io.rtm.core.internal.PluginLoader;
import io.rtm.core.internal.RtmScheduler;
import io.rtm.core.spi.Authenticator;
import io.rtm.core.spi.Transport;
import io.rtm.core.spi.Validator;
import java.time.Clock;
import java.util.Set;

/**
 * What {@code Rtm.builder().appId(..).credentials(..).build()} assembles, wired by hand instead of through a Guice
 * injector: the same discovery ({@link PluginLoader}), the same classes and constructors. A prototype of building
 * the default client without Guice (Guice would stay for {@code addModule} and for users of {@code RtmCoreModule}).
 */
public final class HandWiredBuild {

    private HandWiredBuild() {
    }

    /** The blocking client, as the builder makes it with defaults. */
    public static RtmClient build(String appId, Credentials credentials) {
        RtmConfig config = RtmConfig.builder().appId(appId).build();
        PluginLoader loader = new PluginLoader();
        Validator validator = loader.validator().create();
        Authenticator authenticator = loader.authenticator(credentials).create(credentials);
        RtmScheduler scheduler = new RtmScheduler();
        RateLimit rateLimit = RateLimit.defaults();
        Transport transport = loader.transport().create(config.transportConfig());
        DefaultRtmAsyncClient async = new DefaultRtmAsyncClient(config, validator, authenticator, RetryPolicy.defaults(),
                Set.of(), Set.of(), Clock.systemUTC(), scheduler, rateLimit, new LocalRateLimiter(rateLimit, scheduler),
                transport);
        return new DefaultRtmClient(async);
    }
}
