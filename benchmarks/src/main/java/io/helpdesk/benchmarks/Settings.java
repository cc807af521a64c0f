package io.helpdesk.benchmarks;

import java.time.Duration;
import java.util.List;

/**
 * Sizes and durations of one run: the full run (the figures) or {@code --quick} (smaller
 * data, shorter windows; finishes within minutes and is marked {@code quick: true}).
 */
public record Settings(
    boolean quick,
    List<Integer> intakeConcurrencies,
    Duration intakeWindow,
    int repeats,
    Duration openLoopWindow,
    int pipelineTickets,
    int claimJobs,
    int modelConcurrency,
    int modelTickets,
    int queryTickets,
    int queryModerators,
    int queryRequesters,
    int listRepeats,
    int analyticsRepeats,
    int sseSubscribers,
    Duration sseWindow,
    int jmhWarmups,
    int jmhIterations,
    Duration jmhIterationTime) {

  /** The figures. */
  public static Settings full() {
    return new Settings(
        false,
        List.of(1, 4, 16, 32),
        Duration.ofSeconds(10),
        3,
        Duration.ofSeconds(20),
        20_000,
        20_000,
        32,
        32 * 20,
        1_000_000,
        200,
        10_000,
        300,
        30,
        2_000,
        Duration.ofSeconds(20),
        3,
        5,
        Duration.ofSeconds(2));
  }

  /** Smaller and shorter: a few minutes. */
  public static Settings quickRun() {
    return new Settings(
        true,
        List.of(1, 4, 16, 32),
        Duration.ofSeconds(3),
        2,
        Duration.ofSeconds(6),
        1_000,
        1_000,
        32,
        32 * 6,
        100_000,
        200,
        2_000,
        100,
        10,
        500,
        Duration.ofSeconds(6),
        1,
        2,
        Duration.ofSeconds(1));
  }
}
