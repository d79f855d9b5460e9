package io.rtm.compat.kit.guice;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.multibindings.OptionalBinder;
import io.rtm.compat.kit.Sends;
import io.rtm.core.Credentials;
import io.rtm.core.DeliveryCode;
import io.rtm.core.PeerMessage;
import io.rtm.core.RtmAsyncClient;
import io.rtm.core.RtmConfig;
import io.rtm.core.RtmCoreModule;
import io.rtm.core.SendResult;
import io.rtm.emulator.EmulatorApp;
import io.rtm.emulator.junit.RtmEmulatorExtension;
import java.util.concurrent.TimeUnit;

/** The Guice module path, as the README shows it: {@code RtmCoreModule} + an application module -> an injector. */
public final class Injected {

    private Injected() {
    }

    /** {@code RtmCoreModule} for this emulator, and the application's module binding its credentials. */
    public static Module[] modules(RtmEmulatorExtension rtm) {
        EmulatorApp app = rtm.app();
        RtmConfig config = RtmConfig.builder().endpoint(rtm.baseUri()).appId(app.appId()).build();
        return new Module[] {new RtmCoreModule(config), new AbstractModule() {
            @Override
            protected void configure() {
                OptionalBinder.newOptionalBinder(binder(), Credentials.class).setBinding()
                        .toInstance(Credentials.basic(app.apiKey(), app.apiSecret()));
            }
        }};
    }

    /** An injected {@link RtmAsyncClient} delivers a peer message to an online receiver that acks it. */
    public static void anInjectedClientDeliversAPeerMessage(RtmEmulatorExtension rtm) throws Exception {
        rtm.connect("dave");
        Injector injector = Guice.createInjector(modules(rtm));
        RtmAsyncClient client = injector.getInstance(RtmAsyncClient.class);
        try {
            SendResult result = client.sendPeer(PeerMessage.builder()
                    .from("alice").to("dave").payload(Sends.PAYLOAD + "guice").waitForAck(true).build())
                    .get(30, TimeUnit.SECONDS);
            assertThat(result.deliveryCode()).isEqualTo(DeliveryCode.DELIVERED);
        } finally {
            client.close();
        }
        rtm.assertThatUser("dave").received().payloads().containsExactly(Sends.PAYLOAD + "guice");
    }
}
