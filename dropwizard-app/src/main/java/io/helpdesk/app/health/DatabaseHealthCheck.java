package io.helpdesk.app.health;

import com.codahale.metrics.health.HealthCheck;
import java.sql.Connection;
import javax.sql.DataSource;

/** The database answers within two seconds. */
public final class DatabaseHealthCheck extends HealthCheck {
  private final DataSource dataSource;

  public DatabaseHealthCheck(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  protected Result check() throws Exception {
    try (Connection connection = dataSource.getConnection()) {
      return connection.isValid(2)
          ? Result.healthy()
          : Result.unhealthy("the connection did not validate");
    }
  }
}
