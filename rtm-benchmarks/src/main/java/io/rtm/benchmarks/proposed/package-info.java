/**
 * Prototypes of changes proposed for rtm-core and rtm-validation (see BENCHMARKS.md, "open"), measured beside the
 * current code by {@link io.rtm.benchmarks.ProposedFixesBenchmark}. Not SDK code: nothing outside the benchmarks
 * uses them. Each prototype is the current code with exactly one change.
 */
package io.rtm.benchmarks.proposed;
