package io.helpdesk.app;

import java.nio.file.Path;

class PostgresOidcSignInTest extends OidcSignInContractTest {
  @Override
  TestDatabases.TestDatabase database(Path directory) {
    return TestDatabases.postgres();
  }
}
