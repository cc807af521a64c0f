package io.helpdesk.analyzer.gemini.internal;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A token bucket: {@code requestsPerMinute} tokens a minute, at most {@code burst} saved up. A
 * caller reserves a token and waits for it only if it arrives before the caller's deadline; a
 * reservation that would miss the deadline is refused at once, with the wait it would have needed.
 * Thread-safe. Not API.
 */
public final class RateLimiter {
  private final double nanosPerToken;
  private final double burst;
  private final LongSupplier nanoTime;
  private double tokens;
  private long lastRefill;

  public RateLimiter(int requestsPerMinute, int burst, LongSupplier nanoTime) {
    this.nanosPerToken = Duration.ofMinutes(1).toNanos() / (double) requestsPerMinute;
    this.burst = Math.max(1, burst);
    this.nanoTime = nanoTime;
    this.tokens = this.burst;
    this.lastRefill = nanoTime.getAsLong();
  }

  /** The outcome of a reservation: how long to wait before calling, or a refusal. */
  public record Reservation(boolean granted, Duration delay) {}

  /**
   * Reserves the next token if it is available by {@code deadlineNanos} (on the {@code nanoTime}
   * scale). A granted reservation is already counted: wait {@link Reservation#delay()}, then call.
   */
  public synchronized Reservation reserve(long deadlineNanos) {
    long now = nanoTime.getAsLong();
    tokens = Math.min(burst, tokens + (now - lastRefill) / nanosPerToken);
    lastRefill = now;
    long waitNanos = tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) * nanosPerToken);
    if (now + waitNanos - deadlineNanos > 0) {
      return new Reservation(false, Duration.ofNanos(waitNanos));
    }
    tokens -= 1;
    return new Reservation(true, Duration.ofNanos(waitNanos));
  }
}
