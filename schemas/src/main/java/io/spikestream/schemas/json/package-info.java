/**
 * JSON renderings of the records for people and tools ({@code spikestream consume --json}): events
 * decoded into arrays, artifact bytes as size and SHA-256.
 */
package io.spikestream.schemas.json;
