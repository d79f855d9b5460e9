package io.rtm.core.testsupport;

import io.rtm.core.spi.Instrumentation;
import io.rtm.core.spi.InstrumentationProvider;
import io.rtm.core.spi.Phase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A discovered instrumentation (fixture "instrumentation"): a PER_CALL interceptor that logs "discovered". */
public final class TestInstrumentationProvider implements InstrumentationProvider {

    public static final String NAME = "test-instrumentation";
    /** What every instance's interceptor saw, in order. */
    public static final List<String> LOG = new CopyOnWriteArrayList<>();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Instrumentation create() {
        return new Instrumentation(NAME, List.of(new io.rtm.core.spi.Interceptor() {
            @Override
            public java.util.concurrent.CompletableFuture<io.rtm.core.spi.HttpResponse> intercept(io.rtm.core.spi.Chain chain) {
                LOG.add("discovered");
                return chain.proceed(chain.request());
            }

            @Override
            public Phase phase() {
                return Phase.PER_CALL;
            }
        }), List.of());
    }
}
