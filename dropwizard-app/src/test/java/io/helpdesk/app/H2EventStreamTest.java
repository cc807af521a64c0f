package io.helpdesk.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H2EventStreamTest extends EventStreamTest {
  @Override
  TestDatabases.TestDatabase database(Path directory) {
    return TestDatabases.h2(directory);
  }

  @Test
  @DisplayName(
      "stopping the server ends open streams cleanly at once instead of waiting out the grace"
          + " period")
  void shutdownEndsStreams(@TempDir Path own) {
    TestServer other = TestServer.start(config(TestDatabases.h2(own).url()), Clock.systemUTC());
    boolean closed = false;
    try (SseStream stream =
        other.events(TestServer.Identity.bearer(other.tokenFor("sam@example.com")))) {
      assertThat(stream.status()).isEqualTo(200);
      long started = System.nanoTime();
      other.close();
      closed = true;
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      assertThat(stream.awaitEnd(Duration.ofSeconds(5))).isTrue();
      assertThat(stream.failure()).isEmpty();
      // Dropwizard's shutdownGracePeriod is 30 s: an open stream must not hold the stop that long.
      assertThat(took).isLessThan(Duration.ofSeconds(15));
    } finally {
      if (!closed) {
        other.close();
      }
    }
  }
}
