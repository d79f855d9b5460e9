package io.rtm.benchmarks;

import io.rtm.core.Credentials;
import io.rtm.core.Rtm;
import io.rtm.core.RtmClient;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.core5.io.CloseMode;

/**
 * The child JVM of {@link StartupRun}: builds one client, prints {@code READY <ns>} (nanoseconds since its
 * {@code main} began) as soon as the client can send, then closes it and exits. Kinds:
 * <ul>
 *   <li>{@code sdk}: {@code Rtm.builder().appId(..).credentials(Credentials.basic(..)).build()} — Guice, plugin
 *       discovery, the HttpClient 5 transport (TLS context included), the scheduler;</li>
 *   <li>{@code raw}: a bare Apache HttpClient 5 async client built and started ({@link RawHttpClient5#start()});</li>
 *   <li>{@code jvm}: nothing (the JVM's own start-up and exit).</li>
 * </ul>
 */
public final class StartupProbe {

    private StartupProbe() {
    }

    /** {@code sdk}, {@code raw} or {@code jvm}. */
    public static void main(String[] args) {
        long start = System.nanoTime();
        switch (args.length == 1 ? args[0] : "") {
            case "sdk" -> {
                RtmClient client = buildSdk();
                ready(start);
                client.close();
            }
            case "raw" -> {
                CloseableHttpAsyncClient client = RawHttpClient5.start();
                ready(start);
                client.close(CloseMode.GRACEFUL);
            }
            case "jvm" -> ready(start);
            default -> {
                System.err.println("usage: StartupProbe sdk|raw|jvm");
                System.exit(2);
            }
        }
    }

    /** The SDK client as a user builds it (discovered transport, authenticator and validator; default endpoint). */
    static RtmClient buildSdk() {
        return Rtm.builder()
                .appId(Fixtures.APP_ID)
                .credentials(Credentials.basic(Fixtures.API_KEY, Fixtures.API_SECRET))
                .build();
    }

    private static void ready(long start) {
        System.out.println("READY " + (System.nanoTime() - start));
        System.out.flush();
    }
}
