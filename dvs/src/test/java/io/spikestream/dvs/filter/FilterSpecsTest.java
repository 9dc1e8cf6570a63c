package io.spikestream.dvs.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FilterSpecsTest {

  @Test
  void parsesTheExamplesOfTheDocs() {
    List<FilterSpec> specs =
        FilterSpecs.parseAll(
            List.of(
                "denoise:dt=10ms",
                "refractory:1ms",
                "roi:x=0,y=0,w=64,h=64",
                "downsample:2",
                "polarity:on",
                "hotpixel:pixel=3/4,pixel=5/6,calibrate=1s,k=8"));
    assertThat(specs)
        .containsExactly(
            new DenoiseFilter.Config(10_000, Neighbourhood.EIGHT),
            new RefractoryFilter.Config(1_000, false),
            new RoiFilter.Config(0, 0, 64, 64),
            new DownsampleFilter.Config(2),
            new PolarityFilter.Config(PolaritySelection.ON),
            new HotPixelFilter.Config(
                List.of(new HotPixelFilter.Pixel(3, 4), new HotPixelFilter.Pixel(5, 6)),
                1_000_000,
                8.0));
  }

  @Test
  void keyedAndBareFormsAgree() {
    assertThat(FilterSpecs.parse("denoise:5000"))
        .isEqualTo(FilterSpecs.parse("denoise:dt=5ms,neighbours=8"));
    assertThat(FilterSpecs.parse("DENOISE: dt = 5ms , neighbours = 4"))
        .isEqualTo(new DenoiseFilter.Config(5_000, Neighbourhood.FOUR));
    assertThat(FilterSpecs.parse("refractory:period=0.5ms,per-polarity=true"))
        .isEqualTo(new RefractoryFilter.Config(500, true));
    assertThat(FilterSpecs.parse("polarity:keep=OFF"))
        .isEqualTo(new PolarityFilter.Config(PolaritySelection.OFF));
    assertThat(FilterSpecs.parse("roi:w=3,h=4")).isEqualTo(new RoiFilter.Config(0, 0, 3, 4));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "denoise:dt=10ms,neighbours=4",
        "refractory:period=1ms,per-polarity=true",
        "hotpixel:pixel=1/2,calibrate=2s,k=5.0",
        "hotpixel:pixel=7/9",
        "roi:x=1,y=2,w=30,h=40",
        "downsample:factor=4",
        "polarity:both"
      })
  void toSpecRoundTrips(String text) {
    FilterSpec spec = FilterSpecs.parse(text);
    assertThat(spec.toSpec()).isEqualTo(text);
    assertThat(FilterSpecs.parse(spec.toSpec())).isEqualTo(spec);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "blur:3|unknown filter 'blur'",
        "denoise|denoise.dt is required",
        "denoise:dt=ten|denoise.dt must be a duration like 10ms, 500us or 1s, got 'ten'",
        "denoise:dt=0|denoise.dt must be in 1us..1h, got 0",
        "denoise:dt=1ms,neighbours=6|neighbours must be 8 or 4, got 6",
        "denoise:dt=1ms,radius=2|unknown key 'radius' for denoise",
        "refractory:1ms,period=2ms|refractory.period given twice",
        "refractory:1ms,per-polarity=maybe|refractory.per-polarity must be true or false, got 'maybe'",
        "roi:x=0,y=0,w=64|roi.h is required",
        "roi:x=-1,w=2,h=2|roi.x must be >= 0, got -1",
        "downsample:0|downsample.factor must be in 1..1024, got 0",
        "downsample:1.5|downsample.factor must be an integer, got '1.5'",
        "polarity:up|polarity must be on, off or both, got 'up'",
        "hotpixel:k=3|hotpixel needs pixel=X/Y entries and/or calibrate=DURATION",
        "hotpixel:pixel=3|hotpixel.pixel must be X/Y, got '3'",
        "hotpixel:calibrate=1s,k=1|hotpixel.k must be a number > 1, got 1.0",
        "denoise:dt=0.5us|denoise.dt must be a whole number of microseconds in 0..1h, got '0.5us'",
      })
  void errorsNameTheFieldAndTheValue(String text, String message) {
    assertThatThrownBy(() -> FilterSpecs.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @Test
  void durations() {
    assertThat(FilterSpecs.parseMicros("f", "250")).isEqualTo(250);
    assertThat(FilterSpecs.parseMicros("f", "250us")).isEqualTo(250);
    assertThat(FilterSpecs.parseMicros("f", "1.5ms")).isEqualTo(1_500);
    assertThat(FilterSpecs.parseMicros("f", "2s")).isEqualTo(2_000_000);
    assertThat(FilterSpecs.formatMicros(2_000_000)).isEqualTo("2s");
    assertThat(FilterSpecs.formatMicros(1_500)).isEqualTo("1500us");
    assertThat(FilterSpecs.formatMicros(3_000)).isEqualTo("3ms");
  }
}
