package io.helpdesk.app.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.helpdesk.core.RetryPolicy;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * A retry policy in the configuration ({@code engine.analysisRetry}, {@code engine.deliveryRetry}):
 * the fields of {@link RetryPolicy}, defaulting to the given policy's.
 */
public class RetrySettings {
  @Min(1)
  @Max(100)
  private int maxAttempts;

  @NotNull private Duration initialDelay;
  @NotNull private Duration maxDelay;

  @DecimalMin("1.0")
  private double multiplier;

  @DecimalMin("0.0")
  @DecimalMax("1.0")
  private double jitter;

  /** Only for Jackson. */
  public RetrySettings() {
    this(RetryPolicy.deliveryDefaults());
  }

  /** Settings equal to this policy. */
  public RetrySettings(RetryPolicy defaults) {
    this.maxAttempts = defaults.maxAttempts();
    this.initialDelay = Duration.milliseconds(defaults.initialDelay().toMillis());
    this.maxDelay = Duration.milliseconds(defaults.maxDelay().toMillis());
    this.multiplier = defaults.multiplier();
    this.jitter = defaults.jitter();
  }

  /**
   * The policy these settings describe.
   *
   * @throws IllegalArgumentException when the delays are out of order
   */
  public RetryPolicy toRetryPolicy() {
    return new RetryPolicy(
        maxAttempts, initialDelay.toJavaDuration(), maxDelay.toJavaDuration(), multiplier, jitter);
  }

  @JsonProperty
  public int getMaxAttempts() {
    return maxAttempts;
  }

  @JsonProperty
  public void setMaxAttempts(int maxAttempts) {
    this.maxAttempts = maxAttempts;
  }

  @JsonProperty
  public Duration getInitialDelay() {
    return initialDelay;
  }

  @JsonProperty
  public void setInitialDelay(Duration initialDelay) {
    this.initialDelay = initialDelay;
  }

  @JsonProperty
  public Duration getMaxDelay() {
    return maxDelay;
  }

  @JsonProperty
  public void setMaxDelay(Duration maxDelay) {
    this.maxDelay = maxDelay;
  }

  @JsonProperty
  public double getMultiplier() {
    return multiplier;
  }

  @JsonProperty
  public void setMultiplier(double multiplier) {
    this.multiplier = multiplier;
  }

  @JsonProperty
  public double getJitter() {
    return jitter;
  }

  @JsonProperty
  public void setJitter(double jitter) {
    this.jitter = jitter;
  }
}
