package io.helpdesk.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that tests move by hand, so nothing waits for real time. Thread-safe. Readings are
 * truncated to microseconds, the precision databases keep.
 */
public final class MutableClock extends Clock {
  private final AtomicReference<Instant> now;
  private final ZoneId zone;

  public MutableClock(Instant start) {
    this(new AtomicReference<>(start.truncatedTo(ChronoUnit.MICROS)), ZoneOffset.UTC);
  }

  private MutableClock(AtomicReference<Instant> now, ZoneId zone) {
    this.now = now;
    this.zone = zone;
  }

  /** A clock at 2026-01-05T09:00:00Z, a Monday morning. */
  public static MutableClock startingMonday() {
    return new MutableClock(Instant.parse("2026-01-05T09:00:00Z"));
  }

  public void advance(Duration duration) {
    now.updateAndGet(current -> current.plus(duration).truncatedTo(ChronoUnit.MICROS));
  }

  public void set(Instant instant) {
    now.set(instant.truncatedTo(ChronoUnit.MICROS));
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public Clock withZone(ZoneId newZone) {
    return new MutableClock(now, newZone);
  }
}
