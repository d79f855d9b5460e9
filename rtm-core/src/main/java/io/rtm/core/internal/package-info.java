/**
 * Implementation of the pipeline. Public only so that the SDK's own modules and Guice can reach it: not an
 * API, may change in any release.
 */
package io.rtm.core.internal;
