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
 * Runs {@link SendFromModulePath} in its own JVM with {@code java --module-path ... --module ...}: every jar is a
 * module, the application requires only {@code io.rtm.core}, so the validator, authenticator and transport are
 * there only if rtm-core {@code uses} their services and each plugin {@code provides} one.
 */
class ModulePathTest {

    @RegisterExtension
    static final RtmEmulatorExtension rtm = RtmEmulatorExtension.create();

    @Test
    void aModularApplicationFindsEveryPluginAcrossModulesAndDelivers() throws Exception {
        rtm.connect("erin");
        EmulatorApp app = rtm.app();
        String modulePath = System.getProperty("application.module") + File.pathSeparator
                + Files.readString(Path.of(System.getProperty("runtime.dependencies"))).strip();
        Path out = Files.createTempFile("jpms", ".out");
        Path err = Files.createTempFile("jpms", ".err");
        ProcessBuilder command = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--module-path", modulePath,
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "--module", "io.rtm.compat.jpms/io.rtm.compat.jpms.SendFromModulePath",
                rtm.baseUri().toString(), app.appId(), "erin", "from the module path")
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        command.environment().put("RTM_API_KEY", app.apiKey());
        command.environment().put("RTM_API_SECRET", app.apiSecret());

        Process process = command.start();
        boolean exited = process.waitFor(60, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly();
        }

        assertThat(exited).as("exited within 60 s").isTrue();
        assertThat(Files.readString(err, StandardCharsets.UTF_8)).as("stderr").isEmpty();
        assertThat(Files.readAllLines(out, StandardCharsets.UTF_8)).containsExactly(
                "core io.rtm.core explicit",
                "io.rtm.validation resolved",
                "io.rtm.auth resolved",
                "io.rtm.transport.httpclient resolved",
                "sent DELIVERED 1");
        assertThat(process.exitValue()).isZero();
        rtm.assertThatUser("erin").received().payloads().containsExactly("from the module path");
    }
}
