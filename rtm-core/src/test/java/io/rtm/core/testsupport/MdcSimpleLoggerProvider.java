package io.rtm.core.testsupport;

import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.simple.SimpleServiceProvider;
import org.slf4j.spi.MDCAdapter;

/**
 * slf4j-simple with a working MDC (its own is a no-op), so tests can see what the SDK puts in the MDC. Chosen with
 * {@code -Dslf4j.provider=io.rtm.core.testsupport.MdcSimpleLoggerProvider} (the surefire configuration).
 */
public final class MdcSimpleLoggerProvider extends SimpleServiceProvider {

    private final MDCAdapter mdc = new BasicMDCAdapter();

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }
}
