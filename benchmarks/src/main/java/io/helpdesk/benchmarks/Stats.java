package io.helpdesk.benchmarks;

import java.util.Arrays;
import java.util.List;

/** The harness's statistics: nearest-rank percentiles, medians and ratios. */
public final class Stats {
  private Stats() {}

  /**
   * The nearest-rank percentile of {@code values} (need not be sorted; not modified): the smallest
   * value such that at least {@code p} percent of the values are less than or equal to it.
   *
   * @param p a percentile in (0, 100]
   * @throws IllegalArgumentException on no values or a percentile out of range
   */
  public static double percentile(double[] values, double p) {
    if (values.length == 0) {
      throw new IllegalArgumentException("no values");
    }
    if (!(p > 0 && p <= 100)) {
      throw new IllegalArgumentException("percentile must be in (0, 100], got " + p);
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }

  /** {@link #percentile(double[], double)} of nanosecond samples, in milliseconds. */
  public static double percentileMillis(long[] nanos, double p) {
    double[] millis = new double[nanos.length];
    for (int i = 0; i < nanos.length; i++) {
      millis[i] = nanos[i] / 1_000_000.0;
    }
    return percentile(millis, p);
  }

  /** The median: the middle value, or the mean of the two middle values of an even count. */
  public static double median(double... values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("no values");
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2.0;
  }

  /** The median of a list. */
  public static double median(List<Double> values) {
    return median(values.stream().mapToDouble(Double::doubleValue).toArray());
  }

  /** The largest value. */
  public static double max(double... values) {
    return Arrays.stream(values).max().orElseThrow(() -> new IllegalArgumentException("no values"));
  }

  /**
   * {@code numerator / denominator}, or NaN when the denominator is not a positive number (a
   * baseline that did not run gives no ratio, not infinity).
   */
  public static double ratio(double numerator, double denominator) {
    if (!(denominator > 0) || Double.isNaN(numerator)) {
      return Double.NaN;
    }
    return numerator / denominator;
  }

  /** Rounds for the report: 3 significant decimals below 10, 1 decimal below 1000, else integer. */
  public static double round(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return value;
    }
    double magnitude = Math.abs(value);
    double scale = magnitude < 10 ? 1000 : magnitude < 1000 ? 10 : 1;
    return Math.round(value * scale) / scale;
  }
}
