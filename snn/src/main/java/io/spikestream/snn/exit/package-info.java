/**
 * Early exit (DESIGN section 8): the paper's BNTT exit (one exit step per model, from the learnt γ)
 * and the per-input confidence exit, behind one {@link io.spikestream.snn.exit.ExitPolicy} that the
 * stream asks after every step and evaluation asks for a whole window.
 */
package io.spikestream.snn.exit;
