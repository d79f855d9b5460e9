package io.rtm.examples.cli;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an option whose value is a credential: it is redacted from every error line and failures file, and
 * refused when shorter than {@link Secrets#MIN_LENGTH} characters (see {@link Secrets}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
@interface Secret {
}
