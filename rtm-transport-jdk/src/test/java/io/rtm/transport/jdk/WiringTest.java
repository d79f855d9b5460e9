package io.rtm.transport.jdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.google.inject.Module;
import io.rtm.core.spi.Transport;
import io.rtm.transport.tck.PluginWiringSuite;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Discovery through ServiceLoader ({@code jdk}, priority 50: below the default transport's 100) and wiring through Guice. */
class WiringTest extends PluginWiringSuite {

    @Override
    protected String providerName() {
        return "jdk";
    }

    @Override
    protected int providerPriority() {
        return 50;
    }

    @Override
    protected Class<? extends Transport> transportType() {
        return JdkHttpTransport.class;
    }

    @Override
    protected Module guiceModule() {
        return new JdkTransportModule();
    }

    @Test
    void builderRejectsNonsenseOptions() {
        assertThat(catchThrowable(() -> JdkHttpTransport.builder().maxResponseBytes(0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxResponseBytes");
        assertThat(catchThrowable(() -> JdkHttpTransport.builder().closeGracePeriod(Duration.ZERO)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("closeGracePeriod");
        assertThat(catchThrowable(() -> JdkHttpTransport.builder().executor(null)))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("executor");
    }
}
