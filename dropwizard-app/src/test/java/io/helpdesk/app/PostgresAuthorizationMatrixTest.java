package io.helpdesk.app;

import java.nio.file.Path;

class PostgresAuthorizationMatrixTest extends AuthorizationMatrixTest {
  @Override
  TestDatabases.TestDatabase database(Path directory) {
    return TestDatabases.postgres();
  }
}
