package io.helpdesk.app.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.concurrent.TimeUnit;

/** The live event stream ({@code GET /api/v1/events}). */
public class EventsConfig {
  /**
   * How often an idle stream gets a {@code : ping} comment. Keep it below the connector's {@code
   * idleTimeout} (Jetty's default is 30 seconds) and below the idle timeout of any proxy in front.
   */
  @NotNull
  @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS)
  @MaxDuration(value = 10, unit = TimeUnit.MINUTES)
  private Duration heartbeatInterval = Duration.seconds(15);

  /**
   * How often each open stream checks that its session or token is still good and its member still
   * active (sign-out, revocation, deactivation end the stream; a changed role applies).
   */
  @NotNull
  @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS)
  private Duration recheckInterval = Duration.seconds(30);

  /** The {@code retry:} hint: how long a browser waits before reconnecting. */
  @NotNull
  @MinDuration(value = 0, unit = TimeUnit.MILLISECONDS)
  private Duration reconnectDelay = Duration.seconds(3);

  /** Frames waiting for one slow connection before it is disconnected (it reconnects, replays). */
  @Min(8)
  @Max(100_000)
  private int queueCapacity = 1_000;

  /** Events read per query while replaying after {@code Last-Event-ID}. */
  @Min(1)
  @Max(1_000)
  private int replayPageSize = 500;

  /** Open streams on this node; more get 503 with {@code Retry-After}. */
  @Min(1)
  @Max(1_000_000)
  private int maxSubscribers = 10_000;

  @JsonProperty
  public Duration getHeartbeatInterval() {
    return heartbeatInterval;
  }

  @JsonProperty
  public void setHeartbeatInterval(Duration heartbeatInterval) {
    this.heartbeatInterval = heartbeatInterval;
  }

  @JsonProperty
  public Duration getRecheckInterval() {
    return recheckInterval;
  }

  @JsonProperty
  public void setRecheckInterval(Duration recheckInterval) {
    this.recheckInterval = recheckInterval;
  }

  @JsonProperty
  public Duration getReconnectDelay() {
    return reconnectDelay;
  }

  @JsonProperty
  public void setReconnectDelay(Duration reconnectDelay) {
    this.reconnectDelay = reconnectDelay;
  }

  @JsonProperty
  public int getQueueCapacity() {
    return queueCapacity;
  }

  @JsonProperty
  public void setQueueCapacity(int queueCapacity) {
    this.queueCapacity = queueCapacity;
  }

  @JsonProperty
  public int getReplayPageSize() {
    return replayPageSize;
  }

  @JsonProperty
  public void setReplayPageSize(int replayPageSize) {
    this.replayPageSize = replayPageSize;
  }

  @JsonProperty
  public int getMaxSubscribers() {
    return maxSubscribers;
  }

  @JsonProperty
  public void setMaxSubscribers(int maxSubscribers) {
    this.maxSubscribers = maxSubscribers;
  }
}
