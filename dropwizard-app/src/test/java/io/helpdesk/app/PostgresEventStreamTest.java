package io.helpdesk.app;

import java.nio.file.Path;

class PostgresEventStreamTest extends EventStreamTest {
  @Override
  TestDatabases.TestDatabase database(Path directory) {
    return TestDatabases.postgres();
  }
}
