package io.rtm.compat.jpms;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtm.emulator.EmulatorApp;
import io.rtm.emulator.junit.RtmEmulatorExtension;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Runs JVMs with {@code java --module-path ...}: every jar is a module. {@link SendFromModulePath}'s module requires
 * only {@code io.rtm.core}, so the validator, authenticator and transport are there only if rtm-core {@code uses}
 * their services and each plugin {@code provides} one.
 */
class ModulePathTest {

    @RegisterExtension
    static final RtmEmulatorExtension rtm = RtmEmulatorExtension.create();

    /** The published modules; each one's jar is a runtime dependency of this module (see pom.xml). */
    private static final List<String> PUBLISHED = List.of("io.rtm.core", "io.rtm.validation", "io.rtm.auth",
            "io.rtm.transport.httpclient", "io.rtm.transport.jdk", "io.rtm.metrics", "io.rtm.emulator",
            "io.rtm.transport.tck", "io.rtm.ratelimit.redis", "io.rtm.opentelemetry");

    @Test
    void everyPublishedModuleResolvesOnTheModulePathBesideTheOthers() throws Exception {
        Run run = java(new ProcessBuilder(javaExecutable(), "--module-path", modulePath(),
                "--add-modules", String.join(",", PUBLISHED), "-version"));

        assertThat(run.exitCode()).as("exit code; stderr: %s", run.err()).isZero();
        assertThat(run.err()).doesNotContain("Error", "Exception");
    }

    @Test
    void aModularApplicationFindsEveryPluginAcrossModulesAndDelivers() throws Exception {
        rtm.connect("erin");
        EmulatorApp app = rtm.app();
        ProcessBuilder command = new ProcessBuilder(javaExecutable(),
                "--module-path", modulePath(),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                // both transports are on the module path (see the test above): ask for httpclient5 by name
                "-Drtm.transport=httpclient5",
                "--module", "io.rtm.compat.jpms/io.rtm.compat.jpms.SendFromModulePath",
                rtm.baseUri().toString(), app.appId(), "erin", "from the module path");
        command.environment().put("RTM_API_KEY", app.apiKey());
        command.environment().put("RTM_API_SECRET", app.apiSecret());

        Run run = java(command);

        assertThat(run.err()).as("stderr").isEmpty();
        assertThat(run.out().lines()).containsExactly(
                "core io.rtm.core explicit",
                "io.rtm.validation resolved",
                "io.rtm.auth resolved",
                "io.rtm.transport.httpclient resolved",
                "io.rtm.ratelimit.redis resolved",
                "sent DELIVERED 1");
        assertThat(run.exitCode()).as("exit code").isZero();
        rtm.assertThatUser("erin").received().payloads().containsExactly("from the module path");
    }

    @Test
    void aModularApplicationFindsTheRedisRateLimiterWhenRtmRedisUrlIsSet() throws Exception {
        rtm.connect("erin");
        EmulatorApp app = rtm.app();
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort(); // nothing listens there once the socket is closed
        }
        ProcessBuilder command = new ProcessBuilder(javaExecutable(),
                "--module-path", modulePath(),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-Drtm.transport=httpclient5",
                "--module", "io.rtm.compat.jpms/io.rtm.compat.jpms.SendFromModulePath",
                rtm.baseUri().toString(), app.appId(), "erin", "paced by the fleet limiter's fallback");
        command.environment().put("RTM_API_KEY", app.apiKey());
        command.environment().put("RTM_API_SECRET", app.apiSecret());
        command.environment().put("RTM_REDIS_URL", "redis://127.0.0.1:" + closedPort);

        Run run = java(command);

        // the provider made the Redis limiter (Lettuce and Netty ran on the module path), which found no Redis, said
        // so once, and paced locally; the message went out
        assertThat(run.err()).contains("Fleet rate limiter: Redis at 127.0.0.1:" + closedPort + " failed")
                .doesNotContain("NoClassDefFoundError", "IllegalAccessError", "ServiceConfigurationError");
        assertThat(run.out().lines()).contains("io.rtm.ratelimit.redis resolved", "sent DELIVERED 1");
        assertThat(run.exitCode()).as("exit code").isZero();
        rtm.assertThatUser("erin").received().payloads().containsExactly("paced by the fleet limiter's fallback");
    }

    private record Run(int exitCode, String out, String err) {
    }

    /** Starts the command and waits for it (at most 60 s, then it is killed and the test fails). */
    private static Run java(ProcessBuilder command) throws Exception {
        Path out = Files.createTempFile("jpms", ".out");
        Path err = Files.createTempFile("jpms", ".err");
        Process process = command.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        boolean exited = process.waitFor(60, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly().waitFor();
        }
        assertThat(exited).as("exited within 60 s").isTrue();
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    /** The java of the JVM running the tests (so a Java 25 test run checks Java 25). */
    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** This application's classes (an exploded module) and its runtime dependencies. */
    private static String modulePath() throws Exception {
        return System.getProperty("application.module") + File.pathSeparator
                + Files.readString(Path.of(System.getProperty("runtime.dependencies"))).strip();
    }
}
