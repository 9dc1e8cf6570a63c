/**
 * The BNTT spiking network (Kim and Panda 2021, arXiv 2010.01729): architectures as data, layer
 * parameters apart from state, the event-driven plain-Java inference step, ND4J batched training,
 * early exit and the model artifact. This module never imports Kafka nor any event file format.
 */
package io.spikestream.snn;
