package io.rtm.examples.cli;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The environment variable an option reads when it is not on the command line (the command line wins).
 * Only options carrying this annotation read the environment; their help text names the variable.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
@interface Env {

    /** The variable, e.g. {@code RTM_APP_ID}. */
    String value();
}
