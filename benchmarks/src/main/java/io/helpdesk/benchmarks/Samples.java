package io.helpdesk.benchmarks;

import java.util.Arrays;

/** A growable array of nanosecond samples owned by one thread; merge them at the end. */
public final class Samples {
  private long[] values = new long[1024];
  private int size;

  /** Adds one sample. */
  public void add(long nanos) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = nanos;
  }

  /** How many samples. */
  public int size() {
    return size;
  }

  /** A copy of the samples. */
  public long[] toArray() {
    return Arrays.copyOf(values, size);
  }

  /** All samples of several owners in one array. */
  public static long[] merge(Iterable<Samples> all) {
    int total = 0;
    for (Samples samples : all) {
      total += samples.size;
    }
    long[] merged = new long[total];
    int at = 0;
    for (Samples samples : all) {
      System.arraycopy(samples.values, 0, merged, at, samples.size);
      at += samples.size;
    }
    return merged;
  }
}
