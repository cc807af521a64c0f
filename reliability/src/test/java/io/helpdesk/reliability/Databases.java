package io.helpdesk.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * PostgreSQL for fault tests: a throwaway database on the machine's shared server ({@code
 * HELPDESK_TEST_PG_URL}, default the local one with trust auth), or a private server of our own
 * that a test may stop and start. Without a server the test is skipped, except with {@code
 * CI=true}, where it fails.
 */
final class Databases {
  static final String DEFAULT_PG_URL = "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres";

  /** The newest installed PostgreSQL's binaries (Debian layout), or {@code HELPDESK_PG_BIN}. */
  static final Path POSTGRES_BIN = postgresBin();

  private Databases() {}

  /** A database's JDBC URL, and how to drop it (or stop its server). */
  interface TestDatabase extends AutoCloseable {
    String url();

    @Override
    void close();
  }

  static void missing(String message) {
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      Assertions.fail(message);
    }
    Assumptions.abort(message);
  }

  /** A new database on the shared server, dropped on close. */
  static TestDatabase throwaway() {
    String serverUrl = System.getenv().getOrDefault("HELPDESK_TEST_PG_URL", DEFAULT_PG_URL);
    String name =
        "helpdesk_fault_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection admin = DriverManager.getConnection(serverUrl);
        Statement statement = admin.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      missing("PostgreSQL is not reachable at " + serverUrl + ": " + e.getMessage());
    }
    String url = withDatabase(serverUrl, name);
    return new TestDatabase() {
      @Override
      public String url() {
        return url;
      }

      @Override
      public void close() {
        try (Connection admin = DriverManager.getConnection(serverUrl);
            Statement statement = admin.createStatement()) {
          statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
          throw new IllegalStateException("could not drop " + name, e);
        }
      }
    };
  }

  private static Path postgresBin() {
    String configured = System.getenv("HELPDESK_PG_BIN");
    if (configured != null) {
      return Path.of(configured);
    }
    try (var versions = Files.list(Path.of("/usr/lib/postgresql"))) {
      return versions
          .map(version -> version.resolve("bin"))
          .filter(bin -> Files.isExecutable(bin.resolve("initdb")))
          .max(
              java.util.Comparator.comparingInt(
                  bin ->
                      Integer.parseInt(
                          bin.getParent().getFileName().toString().replaceAll("\\D", "0"))))
          .orElse(Path.of("/usr/lib/postgresql/15/bin"));
    } catch (IOException | RuntimeException e) {
      return Path.of("/usr/lib/postgresql/15/bin");
    }
  }

  static String withDatabase(String serverUrl, String database) {
    int query = serverUrl.indexOf('?');
    String base = query < 0 ? serverUrl : serverUrl.substring(0, query);
    String params = query < 0 ? "" : serverUrl.substring(query);
    int slash = base.lastIndexOf('/');
    return base.substring(0, slash + 1) + database + params;
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A PostgreSQL server of its own (initdb into a temporary directory, pg_ctl on a free port), so
   * that a test can stop and start it without touching the shared server. initdb refuses to run as
   * root: as root the server runs as the {@code postgres} OS user through {@code runuser}.
   */
  static final class PrivatePostgres implements TestDatabase {
    private final Path directory;
    private final int port;
    private final boolean asPostgresUser;

    private PrivatePostgres(Path directory, int port, boolean asPostgresUser) {
      this.directory = directory;
      this.port = port;
      this.asPostgresUser = asPostgresUser;
    }

    static PrivatePostgres create() {
      if (!Files.isExecutable(POSTGRES_BIN.resolve("initdb"))) {
        missing("no PostgreSQL binaries at " + POSTGRES_BIN);
      }
      boolean root = "root".equals(System.getProperty("user.name"));
      try {
        Path directory = Files.createTempDirectory("helpdesk-private-pg-");
        PrivatePostgres server = new PrivatePostgres(directory, freePort(), root);
        if (root) {
          run(List.of("chown", "-R", "postgres:postgres", directory.toString()));
        }
        server.pg(
            List.of(
                POSTGRES_BIN.resolve("initdb").toString(),
                "-D",
                server.data(),
                "-U",
                "postgres",
                "--auth=trust",
                "--no-sync",
                "-E",
                "UTF8"));
        server.start();
        return server;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private String data() {
      return directory.resolve("data").toString();
    }

    @Override
    public String url() {
      return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
    }

    void start() {
      pg(
          List.of(
              POSTGRES_BIN.resolve("pg_ctl").toString(),
              "-D",
              data(),
              "-w",
              "-t",
              "60",
              "-l",
              directory.resolve("server.log").toString(),
              "-o",
              "-p "
                  + port
                  + " -c listen_addresses=127.0.0.1 -c unix_socket_directories="
                  + directory
                  + " -c fsync=off -c max_connections=100",
              "start"));
    }

    /** Stops the server at once, ending every session (pg_ctl's fast mode). */
    void stop() {
      pg(
          List.of(
              POSTGRES_BIN.resolve("pg_ctl").toString(),
              "-D",
              data(),
              "-w",
              "-t",
              "60",
              "-m",
              "fast",
              "stop"));
    }

    @Override
    public void close() {
      try {
        stop();
      } finally {
        try {
          run(List.of("rm", "-rf", directory.toString()));
        } catch (RuntimeException e) {
          // a leftover temporary directory is not worth failing a test for
        }
      }
    }

    private void pg(List<String> command) {
      List<String> full = new ArrayList<>();
      if (asPostgresUser) {
        full.addAll(List.of("runuser", "-u", "postgres", "--"));
      }
      full.addAll(command);
      run(full);
    }
  }

  static void run(List<String> command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes());
      if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
