/**
 * The live web dashboard of the streams app (issue 5): per sensor the live event frames, the
 * current prediction with its class scores, exit step and latency; overall events/s,
 * classifications/s, the exit-step histogram and the running accuracy. Plain HTML, JavaScript and
 * CSS from the class path, updated by server-sent events; fed by plain Kafka consumers of its own
 * ({@link io.spikestream.streams.dashboard.DashboardFeed}), outside the topology's hot path.
 */
package io.spikestream.streams.dashboard;
