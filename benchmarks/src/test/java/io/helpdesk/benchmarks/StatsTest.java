package io.helpdesk.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The harness's statistics")
class StatsTest {
  @Test
  @DisplayName("percentiles are nearest-rank: p99 of 1..100 is 99, p50 is 50, p100 the maximum")
  void nearestRank() {
    double[] values = new double[100];
    for (int i = 0; i < 100; i++) {
      values[99 - i] = i + 1; // unsorted on purpose
    }
    assertThat(Stats.percentile(values, 99)).isEqualTo(99);
    assertThat(Stats.percentile(values, 50)).isEqualTo(50);
    assertThat(Stats.percentile(values, 100)).isEqualTo(100);
    assertThat(Stats.percentile(values, 0.5)).isEqualTo(1);
    assertThat(values[0]).as("input left unsorted").isEqualTo(100);
  }

  @Test
  @DisplayName("a single slow outlier among ten samples is the p99, not averaged away")
  void outlierIsTheTail() {
    double[] values = {1, 1, 1, 1, 1, 1, 1, 1, 1, 250};
    assertThat(Stats.percentile(values, 99)).isEqualTo(250);
    assertThat(Stats.percentile(values, 90)).isEqualTo(1);
  }

  @Test
  @DisplayName("nanosecond samples become milliseconds")
  void millis() {
    assertThat(Stats.percentileMillis(new long[] {2_000_000, 4_000_000, 6_000_000}, 50))
        .isEqualTo(4.0);
  }

  @Test
  @DisplayName("medians of odd and even counts; repeats are summarised by the median")
  void medians() {
    assertThat(Stats.median(3, 1, 2)).isEqualTo(2);
    assertThat(Stats.median(4, 1, 3, 2)).isEqualTo(2.5);
    assertThat(Stats.median(List.of(10.0, 1000.0, 11.0))).isEqualTo(11);
  }

  @Test
  @DisplayName("a ratio against a baseline that did not run is NaN, not infinity or zero")
  void ratios() {
    assertThat(Stats.ratio(300, 500)).isEqualTo(0.6);
    assertThat(Stats.ratio(300, 0)).isNaN();
    assertThat(Stats.ratio(Double.NaN, 5)).isNaN();
  }

  @Test
  @DisplayName("rounding keeps three decimals for small figures and whole numbers for large ones")
  void rounding() {
    assertThat(Stats.round(0.612345)).isEqualTo(0.612);
    assertThat(Stats.round(23.456)).isEqualTo(23.5);
    assertThat(Stats.round(1234.5)).isEqualTo(1235);
    assertThat(Stats.round(Double.NaN)).isNaN();
  }

  @Test
  @DisplayName("no samples or a percentile out of range is refused")
  void refusals() {
    assertThatThrownBy(() -> Stats.percentile(new double[0], 50))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Stats.percentile(new double[] {1}, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Stats.median()).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("samples of several threads merge into one array")
  void mergeSamples() {
    Samples a = new Samples();
    Samples b = new Samples();
    for (int i = 0; i < 2000; i++) {
      a.add(i);
    }
    b.add(-1);
    assertThat(Samples.merge(List.of(a, b))).hasSize(2001).contains(-1L, 0L, 1999L);
  }

  @Test
  @DisplayName("goals: at-least and at-most figures are judged, missing figures are not")
  void goals() {
    assertThat(BenchmarkMain.GOALS.get("intake_ratio_vs_pgbench").met(0.61)).isEqualTo(true);
    assertThat(BenchmarkMain.GOALS.get("intake_ratio_vs_pgbench").met(0.59)).isEqualTo(false);
    assertThat(BenchmarkMain.GOALS.get("list_p99_ms").met(10.0)).isEqualTo(true);
    assertThat(BenchmarkMain.GOALS.get("list_p99_ms").met(10.5)).isEqualTo(false);
    assertThat(BenchmarkMain.GOALS.get("sse_p99_ms").met(null)).isNull();
    assertThat(BenchmarkMain.GOALS.get("analyzer_tickets_per_s").met(5.0)).isNull();
  }
}
