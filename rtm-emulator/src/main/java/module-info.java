/**
 * A faithful local server of the RTM REST API ({@code io.rtm.emulator}) and its JUnit 5 test kit
 * ({@code io.rtm.emulator.junit}).
 */
module io.rtm.emulator {
    requires transitive io.rtm.core;
    requires transitive org.junit.jupiter.api;
    requires transitive org.opentest4j;
    requires io.rtm.validation;
    requires io.rtm.auth;
    requires com.fasterxml.jackson.core;
    requires org.eclipse.jetty.server;
    requires org.eclipse.jetty.http;
    requires org.eclipse.jetty.io;
    requires org.eclipse.jetty.util;
    requires org.slf4j;

    exports io.rtm.emulator;
    exports io.rtm.emulator.junit;
}
