package io.spikestream.dvs.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

  private final StringWriter text = new StringWriter();
  private final PrintWriter out = new PrintWriter(text);
  private final AtomicLong clock = new AtomicLong(5_000_000_000L);

  private void seconds(double s) {
    clock.addAndGet((long) (s * 1e9));
  }

  /** The lines drawn so far, one per carriage return. */
  private String[] draws() {
    return text.toString().split("\r", -1);
  }

  @Test
  void drawsRateEtaAndStatusInPlaceAtMostTenTimesASecond() {
    ProgressBar bar = new ProgressBar(out, "epoch 1/2", 10, "samples", null, clock::get);
    seconds(1);
    bar.advance(2, "loss 0.5");
    // 2 of 10 in 1 s: 2.0 samples/s, 8 more take 4 s
    assertThat(draws()[1])
        .isEqualTo("epoch 1/2 [####....................] 2/10 2.0 samples/s ETA 0m04s loss 0.5");
    seconds(0.05);
    bar.advance(1, null);
    assertThat(draws()).hasSize(2); // within 100 ms of the last draw: not redrawn
    seconds(0.05);
    bar.advance(1, null);
    assertThat(draws()).hasSize(3);
    assertThat(draws()[2]).contains("4/10", "loss 0.5");
    bar.advance(6, "loss 0.1");
    // done is always drawn, without ETA
    assertThat(draws()[3]).contains("[########################] 10/10", "ETA - loss 0.1");
    bar.finish("test 0.9");
    assertThat(text.toString()).endsWith("test 0.9" + System.lineSeparator());
    assertThat(bar.drawn()).isTrue();
  }

  @Test
  void aSecondCounterShowsItsTotalAndRate() {
    ProgressBar bar = new ProgressBar(out, "replay", 4, "samples", "events", clock::get);
    seconds(2);
    bar.update(1, 30_000, null);
    assertThat(draws()[1])
        .isEqualTo(
            "replay [######..................] 1/4 0.5 samples/s, 30,000 events 15,000 events/s"
                + " ETA 0m06s ");
  }

  @Test
  void noWriterDrawsNothingAndLongEtasShowHours() {
    ProgressBar quiet = new ProgressBar(null, "x", 3, "samples");
    quiet.advance(3, null);
    quiet.finish(null);
    assertThat(quiet.drawn()).isFalse();
    assertThat(ProgressBar.formatSeconds(3725.2)).isEqualTo("1h02m");
    assertThat(ProgressBar.formatSeconds(59.1)).isEqualTo("1m00s");
    assertThat(new ProgressBar(null, "x", -5, "s").drawn()).isFalse();
    assertThatThrownBy(() -> new ProgressBar(out, null, 1, "samples"))
        .hasMessageContaining("title, unit and nanoClock must be set");
  }

  @Test
  void emptyWorkIsAFullBar() {
    ProgressBar bar = new ProgressBar(out, "binning", 0, "samples", null, clock::get);
    bar.finish(null);
    assertThat(draws()[1]).startsWith("binning [########################] 0/0");
  }
}
