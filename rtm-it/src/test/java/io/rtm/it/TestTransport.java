package io.rtm.it;

import io.rtm.core.RtmAsyncClient;
import io.rtm.core.RtmBuilder;
import io.rtm.core.RtmClient;
import java.util.function.Function;

/**
 * The two transports the probes run through. Each client is built the way users build theirs: the transport is
 * discovered and named by {@code rtm.transport} (so the client owns it and closes it, which is what the leak cycles
 * must exercise), never handed to the builder. The property is set only while {@code build()} runs, under a lock,
 * and put back afterwards; test classes in this module run one at a time.
 */
enum TestTransport {
    HTTPCLIENT5("httpclient5"),
    JDK("jdk");

    private static final String PROPERTY = "rtm.transport";
    private static final Object LOCK = new Object();

    private final String providerName;

    TestTransport(String providerName) {
        this.providerName = providerName;
    }

    RtmAsyncClient buildAsync(RtmBuilder builder) {
        return with(builder, RtmBuilder::buildAsync);
    }

    RtmClient build(RtmBuilder builder) {
        return with(builder, RtmBuilder::build);
    }

    private <T> T with(RtmBuilder builder, Function<RtmBuilder, T> build) {
        synchronized (LOCK) {
            String before = System.getProperty(PROPERTY);
            System.setProperty(PROPERTY, providerName);
            try {
                return build.apply(builder);
            } finally {
                if (before == null) {
                    System.clearProperty(PROPERTY);
                } else {
                    System.setProperty(PROPERTY, before);
                }
            }
        }
    }

    @Override
    public String toString() {
        return providerName;
    }
}
