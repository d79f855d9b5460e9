package io.rtm.benchmarks;

import io.rtm.core.Credentials;
import io.rtm.core.Rtm;
import io.rtm.core.RtmClient;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.core5.io.CloseMode;

/**
 * The child JVM of {@link StartupRun}: builds one client, prints {@code READY <ns> <cpu ns>} (nanoseconds since its
 * {@code main} began, and the main thread's CPU time) as soon as the client can send, then closes it and exits. Kinds:
 * <ul>
 *   <li>{@code sdk}: {@code Rtm.builder().appId(..).credentials(Credentials.basic(..)).build()} — Guice, plugin
 *       discovery, the HttpClient 5 transport (TLS context included), the scheduler;</li>
 *   <li>{@code raw}: a bare Apache HttpClient 5 async client built and started ({@link RawHttpClient5#start()});</li>
 *   <li>{@code jvm}: nothing (the JVM's own start-up and exit);</li>
 *   <li>{@code breakdown}: the SDK's start-up step by step, each step timed after the ones before it (so each
 *       figure is what that step adds), printed as {@code STEP <name> <ms>} lines.</li>
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
            case "breakdown" -> breakdown(start);
            default -> {
                System.err.println("usage: StartupProbe sdk|raw|jvm|breakdown");
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

    /** Times the parts of {@code build()} one after the other, in a fresh JVM. */
    private static void breakdown(long start) {
        stepCpu = mainThreadCpuNanos();
        long t = System.nanoTime();
        org.slf4j.LoggerFactory.getLogger(StartupProbe.class).debug("start");
        t = step("slf4j (first logger)", t);
        com.google.inject.Guice.createInjector(com.google.inject.Stage.PRODUCTION, new com.google.inject.AbstractModule() {
            @Override
            protected void configure() {
                bind(String.class).toInstance("x");
            }
        });
        t = step("Guice (first, trivial injector)", t);
        io.rtm.core.internal.Internals.discoverPlugins(Credentials.basic(Fixtures.API_KEY, Fixtures.API_SECRET));
        t = step("ServiceLoader discovery (3 SPIs)", t);
        try {
            javax.net.ssl.SSLContext.getDefault();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        t = step("SSLContext.getDefault() (trust store)", t);
        io.rtm.transport.httpclient.HttpClientTransport transport =
                io.rtm.transport.httpclient.HttpClientTransport.create(io.rtm.core.spi.TransportConfig.defaults());
        t = step("HttpClientTransport (build + start reactor)", t);
        transport.close();
        stepCpu = mainThreadCpuNanos();
        t = System.nanoTime();
        RtmClient client = buildSdk();
        t = step("Rtm.builder()...build() (the rest: RtmCoreModule, pipeline, a 2nd transport)", t);
        client.close();
        stepCpu = mainThreadCpuNanos();
        t = System.nanoTime();
        RtmClient second = buildSdk();
        step("a second build() in the same JVM (warm classes)", t);
        second.close();
        ready(start);
    }

    private static long stepCpu = -1;

    /** Prints the step's wall time and (on Linux) the main thread's CPU time since the previous step. */
    private static long step(String name, long since) {
        long now = System.nanoTime();
        long cpu = mainThreadCpuNanos();
        String cpuText = cpu < 0 || stepCpu < 0 ? "" : String.format(java.util.Locale.ROOT, "   cpu %8.1f ms", (cpu - stepCpu) / 1e6);
        System.out.printf(java.util.Locale.ROOT, "STEP %-75s %8.1f ms%s%n", name, (now - since) / 1e6, cpuText);
        stepCpu = mainThreadCpuNanos();
        return System.nanoTime();
    }

    private static void ready(long start) {
        long elapsed = System.nanoTime() - start;
        System.out.println("READY " + elapsed + " " + mainThreadCpuNanos());
        System.out.flush();
    }

    /**
     * The CPU time this thread has run, in ns, from Linux's {@code /proc/thread-self/schedstat} (read after the
     * time to ready is taken); -1 elsewhere. Unlike wall time it hardly grows when other processes share the cores,
     * so it compares builds on a loaded machine (it leaves out the JIT and GC threads).
     */
    private static long mainThreadCpuNanos() {
        try {
            String stat = new String(java.nio.file.Files.readAllBytes(java.nio.file.Paths.get("/proc/thread-self/schedstat")),
                    java.nio.charset.StandardCharsets.US_ASCII);
            return Long.parseLong(stat.substring(0, stat.indexOf(' ')));
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
    }
}
