package io.rtm.transport.httpclient;

import com.google.inject.Module;
import io.rtm.core.spi.Transport;
import io.rtm.transport.tck.PluginWiringSuite;

/** Discovery through ServiceLoader ({@code httpclient5}, priority 100: the default) and wiring through Guice. */
class WiringTest extends PluginWiringSuite {

    @Override
    protected String providerName() {
        return "httpclient5";
    }

    @Override
    protected int providerPriority() {
        return 100;
    }

    @Override
    protected Class<? extends Transport> transportType() {
        return HttpClientTransport.class;
    }

    @Override
    protected Module guiceModule() {
        return new HttpClientTransportModule();
    }
}
