package io.rtm.core.testsupport;

import com.google.inject.CreationException;
import com.google.inject.Guice;
import io.rtm.core.RtmConfig;
import io.rtm.core.RtmCoreModule;
import java.net.URI;

/** Probes {@link Isolated} runs in a class loader of its own that need Guice. */
public final class GuiceProbes {

    private GuiceProbes() {
    }

    /** The message of the injector's failure with RtmCoreModule (or "no failure"). */
    public static String rtmCoreModuleInjector() {
        try {
            Guice.createInjector(new RtmCoreModule(RtmConfig.builder().appId("app1").endpoint(URI.create(Fixtures.ENDPOINT)).build()));
            return "no failure";
        } catch (CreationException e) {
            return e.getErrorMessages().size() + " error(s): " + e.getErrorMessages().iterator().next().getMessage();
        }
    }
}
