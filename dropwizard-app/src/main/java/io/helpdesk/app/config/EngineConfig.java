package io.helpdesk.app.config;

import com.fasterxml.jackson.annotation.JsonMerge;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import io.helpdesk.core.RetryPolicy;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.concurrent.TimeUnit;

/** The engine's workers on this node. */
public class EngineConfig {
  @Min(0)
  @Max(1024)
  private int workerConcurrency = 4;

  @NotNull
  @MinDuration(value = 1, unit = TimeUnit.SECONDS)
  private Duration lease = Duration.minutes(2);

  @NotNull
  @MinDuration(value = 10, unit = TimeUnit.MILLISECONDS)
  private Duration pollInterval = Duration.seconds(1);

  @NotNull private Duration shutdownTimeout = Duration.seconds(30);

  @NotNull
  @MinDuration(value = 1, unit = TimeUnit.SECONDS)
  private Duration pruneInterval = Duration.hours(1);

  @NotNull
  @MinDuration(value = 1, unit = TimeUnit.HOURS)
  private Duration doneJobRetention = Duration.days(7);

  @Valid @NotNull
  private RetrySettings analysisRetry = new RetrySettings(RetryPolicy.analysisDefaults());

  @Valid @NotNull
  private RetrySettings deliveryRetry = new RetrySettings(RetryPolicy.deliveryDefaults());

  /** Retries of analysis and assignment; the last one gives way to the offline analyzer. */
  @JsonProperty
  public RetrySettings getAnalysisRetry() {
    return analysisRetry;
  }

  /** Sets the retries of analysis and assignment; fields not given keep their defaults. */
  @JsonProperty
  @JsonMerge
  public void setAnalysisRetry(RetrySettings analysisRetry) {
    this.analysisRetry = analysisRetry;
  }

  /** Retries of notifications; the last one dead-letters the job. */
  @JsonProperty
  public RetrySettings getDeliveryRetry() {
    return deliveryRetry;
  }

  /** Sets the retries of notifications; fields not given keep their defaults. */
  @JsonProperty
  @JsonMerge
  public void setDeliveryRetry(RetrySettings deliveryRetry) {
    this.deliveryRetry = deliveryRetry;
  }

  @JsonProperty
  public int getWorkerConcurrency() {
    return workerConcurrency;
  }

  @JsonProperty
  public void setWorkerConcurrency(int workerConcurrency) {
    this.workerConcurrency = workerConcurrency;
  }

  @JsonProperty
  public Duration getLease() {
    return lease;
  }

  @JsonProperty
  public void setLease(Duration lease) {
    this.lease = lease;
  }

  @JsonProperty
  public Duration getPollInterval() {
    return pollInterval;
  }

  @JsonProperty
  public void setPollInterval(Duration pollInterval) {
    this.pollInterval = pollInterval;
  }

  @JsonProperty
  public Duration getShutdownTimeout() {
    return shutdownTimeout;
  }

  @JsonProperty
  public void setShutdownTimeout(Duration shutdownTimeout) {
    this.shutdownTimeout = shutdownTimeout;
  }

  @JsonProperty
  public Duration getPruneInterval() {
    return pruneInterval;
  }

  @JsonProperty
  public void setPruneInterval(Duration pruneInterval) {
    this.pruneInterval = pruneInterval;
  }

  @JsonProperty
  public Duration getDoneJobRetention() {
    return doneJobRetention;
  }

  @JsonProperty
  public void setDoneJobRetention(Duration doneJobRetention) {
    this.doneJobRetention = doneJobRetention;
  }
}
