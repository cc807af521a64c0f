package io.helpdesk.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  private final RetryPolicy policy =
      new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(10), 2, 0);

  @Test
  @DisplayName("delays grow exponentially up to the cap")
  void exponential() {
    SplittableRandom random = new SplittableRandom(1);
    assertThat(policy.delayAfter(1, Optional.empty(), random)).isEqualTo(Duration.ofSeconds(1));
    assertThat(policy.delayAfter(2, Optional.empty(), random)).isEqualTo(Duration.ofSeconds(2));
    assertThat(policy.delayAfter(4, Optional.empty(), random)).isEqualTo(Duration.ofSeconds(8));
    assertThat(policy.delayAfter(9, Optional.empty(), random)).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  @DisplayName("a longer delay asked for by the server is honoured, within the cap")
  void retryAfter() {
    SplittableRandom random = new SplittableRandom(1);
    assertThat(policy.delayAfter(1, Optional.of(Duration.ofSeconds(7)), random))
        .isEqualTo(Duration.ofSeconds(7));
    assertThat(policy.delayAfter(1, Optional.of(Duration.ofHours(1)), random))
        .isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  @DisplayName("jitter spreads delays within its share")
  void jitter() {
    RetryPolicy jittery = new RetryPolicy(5, Duration.ofSeconds(10), Duration.ofMinutes(1), 2, 0.2);
    SplittableRandom random = new SplittableRandom(3);
    long distinct =
        java.util.stream.IntStream.range(0, 100)
            .mapToObj(i -> jittery.delayAfter(1, Optional.empty(), random))
            .peek(
                delay -> assertThat(delay).isBetween(Duration.ofSeconds(8), Duration.ofSeconds(12)))
            .distinct()
            .count();
    assertThat(distinct).isGreaterThan(10);
  }

  @Test
  @DisplayName("attempts are bounded; nonsense settings are refused")
  void bounds() {
    assertThat(policy.canRetryAfter(4)).isTrue();
    assertThat(policy.canRetryAfter(5)).isFalse();
    assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO, 1, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RetryPolicy(1, Duration.ofSeconds(2), Duration.ofSeconds(1), 1, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
