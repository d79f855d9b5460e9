package io.rtm.examples.cli;

import java.lang.reflect.Field;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Supplies an option's value from its {@link Env} variable when the command line does not give it. Reads
 * the environment only while the command line is parsed: help text rendered afterwards shows the built-in
 * defaults, never values from the environment (they may be secrets). One instance per CLI run.
 */
final class EnvironmentDefaults implements CommandLine.IDefaultValueProvider {

    private final Map<String, String> env;
    private volatile boolean parsing = true;

    EnvironmentDefaults(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!parsing) {
            return null;
        }
        return variable(arg).map(env::get).filter(v -> !v.isEmpty()).orElse(null);
    }

    /** Called once parsing is over, before any command runs or help is printed. */
    void parsingDone() {
        parsing = false;
    }

    /** The {@link Env} variable of this option, if it has one. */
    static Optional<String> variable(ArgSpec arg) {
        return annotation(arg, Env.class).map(Env::value);
    }

    /** Whether this option holds a {@link Secret}. */
    static boolean isSecret(ArgSpec arg) {
        return annotation(arg, Secret.class).isPresent();
    }

    private static <A extends java.lang.annotation.Annotation> Optional<A> annotation(ArgSpec arg, Class<A> type) {
        // For annotated fields (mixins included) picocli keeps the field as the option's user object.
        if (arg instanceof OptionSpec && arg.userObject() instanceof Field field) {
            return Optional.ofNullable(field.getAnnotation(type));
        }
        return Optional.empty();
    }
}
