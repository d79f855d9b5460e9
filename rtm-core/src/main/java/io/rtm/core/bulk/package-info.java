/**
 * Bulk sending: one payload to many users, or many messages, as a bounded, rate-limited stream with
 * per-message results, progress and a final summary.
 */
package io.rtm.core.bulk;
