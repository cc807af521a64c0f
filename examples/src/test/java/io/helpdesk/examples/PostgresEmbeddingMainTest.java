package io.helpdesk.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PostgresEmbeddingMainTest {
  private static ThrowawayPostgres database;

  @BeforeAll
  static void createDatabase() {
    database = ThrowawayPostgres.create();
  }

  @AfterAll
  static void dropDatabase() {
    if (database != null) {
      database.close();
    }
  }

  @Test
  @DisplayName(
      "on a fresh PostgreSQL database: migrates, files, analyses and assigns; a second run reuses it")
  void runsTwiceOnTheSameDatabase() throws Exception {
    String first = Stdout.of(PostgresEmbeddingMain::main, database.url());

    assertThat(first).contains("migrations applied: 2");
    assertThat(first).contains("stored in PostgreSQL");
    assertThat(first).contains("assigned to Kim: matches kubernetes; 0 of 5 open");
    assertThat(rows("SELECT m.display_name FROM tickets t JOIN members m ON m.id = t.assignee_id"))
        .containsExactly("Kim");
    assertThat(rows("SELECT type FROM ticket_event ORDER BY id"))
        .startsWith("CREATED", "ANALYSED", "ASSIGNED");

    String second = Stdout.of(PostgresEmbeddingMain::main, database.url());

    assertThat(second)
        .as("the migrations are not applied twice")
        .contains("migrations applied: 2")
        .contains("assigned to Kim: matches kubernetes; 1 of 5 open");
    assertThat(rows("SELECT email FROM members ORDER BY email"))
        .containsExactly("kim@example.com", "rita@example.com");
    assertThat(rows("SELECT id FROM tickets")).hasSize(2);
  }

  private static List<String> rows(String sql) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection(database.url());
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      while (result.next()) {
        values.add(result.getString(1));
      }
    }
    return values;
  }
}
