/**
 * The paper's energy estimate (Kim and Panda 2021, section 4; DESIGN section 7): dense ANN
 * multiply-accumulates at 4.6 pJ versus spike-driven SNN accumulates at 0.9 pJ (45 nm CMOS), from
 * measured activity per layer and timestep.
 */
package io.spikestream.snn.energy;
