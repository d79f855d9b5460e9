/**
 * Service provider interfaces: what a plugin implements (transports, authenticators, validators,
 * interceptors) and the immutable HTTP request/response types they exchange.
 */
package io.rtm.core.spi;
