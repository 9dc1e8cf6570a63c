/**
 * Tests of the container deployment without a Docker engine: the top-level {@code Dockerfile},
 * {@code .dockerignore} and {@code docker-compose.yml} are parsed, and every {@code spikestream}
 * command the compose services run is parsed by the CLI's own picocli model, so an option renamed
 * in the CLI fails the build here instead of at {@code docker compose up}.
 */
package io.spikestream.deploy;
