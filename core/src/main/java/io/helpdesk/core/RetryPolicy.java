package io.helpdesk.core;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * How often and how soon a failed job is tried again: exponential backoff with jitter.
 *
 * @param maxAttempts tries in all, the first included (at least 1)
 * @param initialDelay the delay before the second try
 * @param maxDelay no delay is longer than this
 * @param multiplier each delay is this many times the previous one (at least 1)
 * @param jitter the share of each delay that is randomised, 0 to 1 (0.2 means ±20%), so that many
 *     failing jobs don't retry in lockstep
 * @since 0.1
 */
public record RetryPolicy(
    int maxAttempts, Duration initialDelay, Duration maxDelay, double multiplier, double jitter) {

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
    Objects.requireNonNull(initialDelay, "initialDelay");
    Objects.requireNonNull(maxDelay, "maxDelay");
    if (initialDelay.isNegative() || maxDelay.compareTo(initialDelay) < 0) {
      throw new IllegalArgumentException("need 0 <= initialDelay <= maxDelay");
    }
    if (multiplier < 1) {
      throw new IllegalArgumentException("multiplier must be at least 1");
    }
    if (jitter < 0 || jitter > 1) {
      throw new IllegalArgumentException("jitter must be between 0 and 1");
    }
  }

  /** For model calls: 4 tries over about a minute, then the offline analyzer answers. */
  public static RetryPolicy analysisDefaults() {
    return new RetryPolicy(4, Duration.ofSeconds(5), Duration.ofMinutes(2), 3, 0.2);
  }

  /**
   * For deliveries: 10 tries over about 40 minutes (5 s doubling to at most 20 minutes apart, 2,475
   * s without jitter), so a mail server that is down for a while loses nothing.
   */
  public static RetryPolicy deliveryDefaults() {
    return new RetryPolicy(10, Duration.ofSeconds(5), Duration.ofMinutes(20), 2, 0.2);
  }

  /** Whether a job that has been tried {@code attempts} times may be tried again. */
  public boolean canRetryAfter(int attempts) {
    return attempts < maxAttempts;
  }

  /**
   * The delay before the next try, after {@code attempts} tries. A delay the remote side asked for
   * ({@code retryAfter}) is honoured when it is longer than the backoff.
   */
  public Duration delayAfter(int attempts, Optional<Duration> retryAfter, RandomGenerator random) {
    double base = initialDelay.toMillis() * Math.pow(multiplier, Math.max(0, attempts - 1));
    double capped = Math.min(base, maxDelay.toMillis());
    double spread = capped * jitter;
    double jittered = capped - spread + random.nextDouble() * 2 * spread;
    long millis = Math.max(0, Math.round(Math.min(jittered, maxDelay.toMillis())));
    long asked = retryAfter.map(Duration::toMillis).orElse(0L);
    return Duration.ofMillis(Math.min(Math.max(millis, asked), maxDelay.toMillis()));
  }
}
