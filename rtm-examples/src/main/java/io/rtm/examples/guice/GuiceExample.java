package io.rtm.examples.guice;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Stage;
import io.rtm.core.Credentials;
import io.rtm.core.RtmAsyncClient;
import io.rtm.core.RtmConfig;
import io.rtm.core.SendResult;
import io.rtm.emulator.EmulatorApp;
import io.rtm.emulator.Receiver;
import io.rtm.emulator.RtmEmulator;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the Guice example end to end against an in-process emulator: builds the injector from {@link AppModule},
 * lets {@link NotificationService} tell "bob" (online) that his order shipped, shows what he received, what the
 * replaced transport counted, and closes the client.
 *
 * <pre>{@code
 * java -cp rtm-examples/target/rtm.jar io.rtm.examples.guice.GuiceExample
 * }</pre>
 */
public final class GuiceExample {

    private static final Logger LOG = LoggerFactory.getLogger(GuiceExample.class);

    private GuiceExample() {
    }

    /** Runs the example; the audit line and the outcome are logged at INFO. */
    public static void main(String[] args) throws Exception {
        try (RtmEmulator emulator = RtmEmulator.builder().start();
             Receiver bob = emulator.connect(emulator.app().appId(), "bob")) {
            EmulatorApp app = emulator.app();
            RtmConfig config = RtmConfig.builder().endpoint(emulator.baseUri()).appId(app.appId()).build();
            Injector injector = Guice.createInjector(Stage.PRODUCTION,
                    new AppModule(config, Credentials.basic(app.apiKey(), app.apiSecret())));

            RtmAsyncClient rtm = injector.getInstance(RtmAsyncClient.class);
            try {
                NotificationService notifications = injector.getInstance(NotificationService.class);
                SendResult result = notifications.orderShipped("bob", "order-17").get(30, TimeUnit.SECONDS);
                LOG.info("sent: {} after {} attempt(s)", result.deliveryCode(), result.attempts());
                LOG.info("bob received: {}", bob.messages().stream().map(m -> m.payload()).toList());
                LOG.info("the transport sent {} request(s)", injector.getInstance(CountingTransport.class).requests());
            } finally {
                rtm.close(); // the application owns the client: closing it closes the transport too
            }
        }
    }
}
