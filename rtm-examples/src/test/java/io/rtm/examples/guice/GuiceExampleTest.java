package io.rtm.examples.guice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Stage;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.OptionalBinder;
import io.rtm.core.Credentials;
import io.rtm.core.DeliveryCode;
import io.rtm.core.RtmAsyncClient;
import io.rtm.core.RtmConfig;
import io.rtm.core.SendResult;
import io.rtm.core.error.RtmClientClosedException;
import io.rtm.core.spi.Interceptor;
import io.rtm.core.spi.Transport;
import io.rtm.emulator.junit.RtmEmulatorExtension;
import io.rtm.examples.plugins.AuditLogInterceptor;
import io.rtm.examples.plugins.AuditRecord;
import io.rtm.examples.plugins.AuditSink;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Guice application example against the emulator test kit. */
class GuiceExampleTest {

    @RegisterExtension
    static RtmEmulatorExtension rtm = RtmEmulatorExtension.create();

    private final List<AuditRecord> audited = new CopyOnWriteArrayList<>();
    private Injector injector;

    /** The application's module, plus what a test replaces: the audit sink, through its OptionalBinder. */
    private Injector injector() {
        RtmConfig config = RtmConfig.builder().endpoint(rtm.baseUri()).appId(rtm.app().appId()).build();
        injector = Guice.createInjector(Stage.PRODUCTION,
                new AppModule(config, Credentials.basic(rtm.app().apiKey(), rtm.app().apiSecret())),
                new AbstractModule() {
                    @Override
                    protected void configure() {
                        OptionalBinder.newOptionalBinder(binder(), AuditSink.class).setBinding().toInstance(audited::add);
                    }
                });
        return injector;
    }

    @AfterEach
    void closeClient() {
        if (injector != null) {
            injector.getInstance(RtmAsyncClient.class).close();
        }
    }

    @Test
    void theInjectorWiresTheReplacedTransportAndTheAuditInterceptors() {
        Injector i = injector();
        CountingTransport counting = i.getInstance(CountingTransport.class);
        assertThat(i.getInstance(Transport.class)).isSameAs(counting);
        Set<Interceptor> interceptors = i.getInstance(Key.get(new TypeLiteral<Set<Interceptor>>() { }));
        AuditLogInterceptor audit = i.getInstance(AuditLogInterceptor.class);
        assertThat(interceptors).hasSize(2).contains(audit)
                .anySatisfy(x -> assertThat(x).isInstanceOf(AuditLogInterceptor.AttemptCounter.class));
        assertThat(i.getInstance(RtmAsyncClient.class)).isSameAs(i.getInstance(RtmAsyncClient.class));
        assertThat(i.getInstance(NotificationService.class)).isSameAs(i.getInstance(NotificationService.class));
    }

    @Test
    void notificationServiceDeliversThroughTheCountingTransportAndIsAudited() throws Exception {
        rtm.connect("bob");
        Injector i = injector();
        SendResult result = i.getInstance(NotificationService.class).orderShipped("bob", "order-17").get(10, TimeUnit.SECONDS);

        assertThat(result.deliveryCode()).isEqualTo(DeliveryCode.SENT);
        rtm.assertThatUser("bob").received().payloads().containsExactly("Your order order-17 has shipped");
        rtm.assertThatUser("bob").received().senders().containsExactly("shop");
        assertThat(i.getInstance(CountingTransport.class).requests()).isEqualTo(1);
        assertThat(i.getInstance(CountingTransport.class).failures()).isZero();
        assertThat(audited).singleElement().extracting(AuditRecord::line).asString()
                .matches("rtm\\.call api=peer sender=shop status=200 code=message_sent request_id="
                        + java.util.regex.Pattern.quote(result.requestId().orElseThrow()) + " attempts=1 duration_ms=\\d+");
    }

    @Test
    void storesTheNoticeForACustomerWhoIsOffline() throws Exception {
        Injector i = injector();
        i.getInstance(NotificationService.class).orderShipped("carol", "order-18").get(10, TimeUnit.SECONDS);
        rtm.assertThatUser("carol").stored().payloads().containsExactly("Your order order-18 has shipped");
        assertThat(i.getInstance(CountingTransport.class).requests()).isEqualTo(1);
    }

    @Test
    void closingTheClientClosesTheReplacedTransportAndRefusesFurtherSends() {
        Injector i = injector();
        CountingTransport transport = i.getInstance(CountingTransport.class);
        i.getInstance(RtmAsyncClient.class).close();

        assertThat(transport.isClosed()).isTrue();
        assertThatThrownBy(() -> i.getInstance(NotificationService.class).orderShipped("bob", "order-19").join())
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(RtmClientClosedException.class).hasMessageContaining("closed");
        assertThat(transport.requests()).isZero();
        assertThat(audited).isEmpty();
    }

    @Test
    void mainRunsTheExampleAgainstAnInProcessEmulator() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8)); // slf4j-simple writes here
        try {
            GuiceExample.main(new String[0]);
        } finally {
            System.setErr(original);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertThat(log).contains("rtm.call api=peer sender=shop status=200 code=message_sent",
                "sent: SENT after 1 attempt(s)", "bob received: [Your order order-17 has shipped]",
                "the transport sent 1 request(s)");
    }
}
