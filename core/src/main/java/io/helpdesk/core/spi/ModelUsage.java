package io.helpdesk.core.spi;

import java.time.Duration;
import java.util.Objects;

/** What one model call cost: tokens in and out, and how long it took. */
public record ModelUsage(long inputTokens, long outputTokens, Duration latency) {
  public ModelUsage {
    Objects.requireNonNull(latency, "latency");
  }
}
