/**
 * Service provider interfaces: what a plugin implements (transports, authenticators, validators,
 * interceptors, rate limiters), the providers that make them discoverable, and the immutable HTTP
 * request/response types they exchange.
 */
package io.rtm.core.spi;
