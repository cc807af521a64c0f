package io.helpdesk.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.jetty.HttpConnectorFactory;
import io.dropwizard.logging.common.DefaultLoggingFactory;
import io.dropwizard.request.logging.LogbackAccessRequestLogFactory;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.util.Duration;
import io.helpdesk.app.HelpdeskApplication;
import io.helpdesk.app.HelpdeskConfiguration;
import io.helpdesk.app.db.ApiTokenStore;
import io.helpdesk.core.HelpdeskEngine;
import io.helpdesk.core.model.Member;
import io.helpdesk.core.model.Role;
import io.helpdesk.store.jooq.JooqStoreConfig;
import io.helpdesk.store.jooq.JooqTicketStore;
import io.helpdesk.store.jooq.SchemaMode;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The real reference server ({@link HelpdeskApplication}) in this process on PostgreSQL: random
 * ports, dev sign-in off, no demo data, fsync as the database server has it (on by default), the
 * keyword analyzer and the dev mailbox (no SMTP block). Console request logs are off (a production
 * server writes them to a file); application logs at WARN.
 */
final class BenchServer implements AutoCloseable {
  static final String ADMIN_EMAIL = "bench-admin@example.com";

  private final DropwizardTestSupport<HelpdeskConfiguration> support;
  private final HikariDataSource side;
  final Member requester;
  final Member admin;
  final String requesterToken;
  final String adminToken;

  BenchServer(Databases databases, String scenario) {
    this(databases, scenario, new io.helpdesk.app.config.EngineConfig().getWorkerConcurrency());
  }

  /**
   * @param workers the node's pipeline workers ({@code engine.workerConcurrency}); 0 for an
   *     API-only node
   */
  BenchServer(Databases databases, String scenario, int workers) {
    HelpdeskConfiguration config = new HelpdeskConfiguration();
    config.getEngine().setWorkerConcurrency(workers);
    config.getDatabase().setUrl(databases.url(scenario));
    config.getDatabase().setMaxPoolSize(20);
    config.getAuth().setDevSignIn(false);
    config.getAuth().setBootstrapAdminEmails(List.of(ADMIN_EMAIL));
    config.setSeedDemoData(false);
    config.getEngine().setShutdownTimeout(Duration.seconds(10));
    DefaultServerFactory server = (DefaultServerFactory) config.getServerFactory();
    ((HttpConnectorFactory) server.getApplicationConnectors().get(0)).setPort(0);
    ((HttpConnectorFactory) server.getAdminConnectors().get(0)).setPort(0);
    server.setMaxThreads(256);
    if (server.getRequestLogFactory() instanceof LogbackAccessRequestLogFactory requestLog) {
      requestLog.setAppenders(List.of());
    }
    if (config.getLoggingFactory() instanceof DefaultLoggingFactory logging) {
      logging.setLevel("WARN");
    }
    support = new DropwizardTestSupport<>(HelpdeskApplication.class, config);
    try {
      support.before();
    } catch (Exception e) {
      throw new IllegalStateException("the server did not start", e);
    }
    side = databases.pool(scenario, 3);
    try (JooqTicketStore store =
        JooqTicketStore.create(
            JooqStoreConfig.builder(side)
                .schemaMode(SchemaMode.VALIDATE)
                .listenNotify(false)
                .build())) {
      HelpdeskEngine engine = HelpdeskEngine.builder().store(store).build();
      admin = engine.findMemberByEmail(ADMIN_EMAIL).orElseThrow();
      // A second server on the same database finds the members the first one registered.
      requester =
          engine
              .findMemberByEmail("bench-requester@example.com")
              .orElseGet(
                  () ->
                      engine.registerMember(
                          "bench-requester@example.com", "Rita", Role.USER, Set.of(), 0));
      String[][] skills = {
        {"kubernetes", "cloud-aws"},
        {"authentication"},
        {"database", "performance"},
        {"payments-billing"},
        {"networking-dns", "security"}
      };
      for (int i = 0; i < 10 && engine.findMemberByEmail(moderatorEmail(i)).isEmpty(); i++) {
        engine.registerMember(
            moderatorEmail(i),
            "Moderator " + i,
            Role.MODERATOR,
            Set.of(skills[i % skills.length]),
            1000);
      }
      engine.close();
    }
    ApiTokenStore tokens = new ApiTokenStore(side);
    requesterToken = tokens.create(requester.id(), "bench", Instant.now()).secret();
    adminToken = tokens.create(admin.id(), "bench", Instant.now()).secret();
  }

  private static String moderatorEmail(int i) {
    return "bench-moderator-" + i + "@example.com";
  }

  /** A small pool on the server's database, for the harness's own checks. */
  HikariDataSource side() {
    return side;
  }

  String base() {
    return "http://127.0.0.1:" + port();
  }

  int port() {
    return support.getLocalPort();
  }

  /** The server's metrics (the same registry its admin port serves). */
  com.codahale.metrics.MetricRegistry metrics() {
    return support.getEnvironment().metrics();
  }

  @Override
  public void close() {
    support.after();
    side.close();
    quietLogs();
  }

  /** Dropwizard resets logging when a server stops; the harness wants warnings only. */
  static void quietLogs() {
    if (org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
        instanceof ch.qos.logback.classic.Logger root) {
      root.setLevel(ch.qos.logback.classic.Level.WARN);
    }
  }
}
