package io.rtm.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtm.core.testsupport.GuiceProbes;
import io.rtm.core.testsupport.Isolated;
import io.rtm.core.testsupport.PlainProbes;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * What an application's own versions of Guice and Jackson do to a client: a real class loader per case, with the
 * test class path minus the jars in question, plus old jars from {@code target/compat} (copied by the build).
 */
class CompatibilityTest {

    private static final Predicate<String> GUICE_AND_ITS_DEPENDENCIES = name -> name.startsWith("guice-")
            || name.startsWith("guava-") || name.startsWith("failureaccess-") || name.startsWith("aopalliance-")
            || name.startsWith("javax.inject-") || name.startsWith("jakarta.inject-api-") || name.startsWith("error_prone")
            || name.startsWith("j2objc") || name.startsWith("checker-qual") || name.startsWith("jsr305");

    @Test
    void aPlainBuilderNeedsNoGuiceOnTheClassPath() throws Exception {
        assertThat(Isolated.run(PlainProbes.class, "buildAndSendWithoutGuice", GUICE_AND_ITS_DEPENDENCIES, null))
                .isEqualTo("no guice; message_sent");
    }

    @Test
    void aPlainBuilderIsNotBrokenByGuice5() throws Exception {
        // the service pins Guice 5.1.0 (javax.inject only): before, build() failed with [Guice/MissingConstructor]
        assertThat(Isolated.run(PlainProbes.class, "buildAndSendWithoutGuice", GUICE_AND_ITS_DEPENDENCIES, "guice5"))
                .isEqualTo("guice present; message_sent");
    }

    @Test
    void rtmCoreModuleOnGuice5FailsWithOneMessageNamingGuiceAndTheMinimumVersion() throws Exception {
        String failure = Isolated.run(GuiceProbes.class, "rtmCoreModuleInjector", GUICE_AND_ITS_DEPENDENCIES, "guice5");
        assertThat(failure).startsWith("1 error(s): ")
                .contains("com.google.inject:guice 6.0.0 or later")
                .contains("found Guice 5.1.0")
                .contains("Rtm.builder()...build() needs no injector");
    }

    @Test
    void rtmCoreModuleOnTheCurrentGuiceBuildsAnInjector() throws Exception {
        assertThat(Isolated.run(GuiceProbes.class, "rtmCoreModuleInjector", name -> false, null)).isEqualTo("no failure");
    }

    @Test
    void anOldJacksonFailsBuildWithOneMessageNamingJacksonCoreAndTheMinimumVersion() throws Exception {
        String failure = Isolated.run(PlainProbes.class, "build", name -> name.startsWith("jackson-core-"), "old-jackson");
        assertThat(failure).isEqualTo("RtmConfigurationException: rtm-java needs com.fasterxml.jackson.core:jackson-core "
                + "2.18.0 or later, but 2.17.2 is on the class path: align Jackson to 2.18.0+ (e.g. import "
                + "com.fasterxml.jackson:jackson-bom, or set the jackson version property of your Spring Boot/BOM)");
    }

    @Test
    void theJacksonOnTheTestClassPathPassesTheCheck() throws Exception {
        assertThat(Isolated.run(PlainProbes.class, "build", name -> false, null)).startsWith("built: ");
    }
}
