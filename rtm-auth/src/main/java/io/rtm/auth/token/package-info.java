/**
 * RTM tokens, version 006: {@link io.rtm.auth.token.RtmTokenBuilder} mints them (for servers that hold the
 * App Certificate), {@link io.rtm.auth.token.RtmToken} parses them, and
 * {@link io.rtm.auth.token.RtmTokenVerifier} checks them the way the service does (used by the emulator).
 * Problems with a token are reported as {@link io.rtm.auth.token.RtmTokenException} with a stable
 * {@link io.rtm.auth.token.RtmTokenException.Reason}. No type here ever prints a token, a signature or a
 * certificate.
 */
package io.rtm.auth.token;
