package io.helpdesk.app;

import java.nio.file.Path;

class H2OidcSignInTest extends OidcSignInContractTest {
  @Override
  TestDatabases.TestDatabase database(Path directory) {
    return TestDatabases.h2(directory);
  }
}
