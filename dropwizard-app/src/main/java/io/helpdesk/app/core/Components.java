package io.helpdesk.app.core;

import com.zaxxer.hikari.HikariDataSource;
import io.helpdesk.analyzer.gemini.GeminiTicketAnalyzer;
import io.helpdesk.app.HelpdeskConfiguration;
import io.helpdesk.app.config.AnalyzerConfig;
import io.helpdesk.app.config.EngineConfig;
import io.helpdesk.app.db.AppDatabase;
import io.helpdesk.core.HelpdeskEngine;
import io.helpdesk.core.analyzer.KeywordTicketAnalyzer;
import io.helpdesk.core.model.SkillTaxonomy;
import io.helpdesk.core.notifier.MailboxNotifier;
import io.helpdesk.core.spi.Notifier;
import io.helpdesk.core.spi.TicketAnalyzer;
import io.helpdesk.notifier.smtp.SmtpNotifier;
import io.helpdesk.store.jooq.JooqStoreConfig;
import io.helpdesk.store.jooq.JooqTicketStore;
import io.helpdesk.store.jooq.SchemaMode;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine and its adapters, built from the configuration: shared by the server and the commands.
 * Building it migrates the database (the store's schema, then the server's tables).
 */
public final class Components implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Components.class);

  private final HikariDataSource dataSource;
  private final JooqTicketStore store;
  private final TicketAnalyzer analyzer;
  private final Optional<GeminiTicketAnalyzer> gemini;
  private final Notifier notifier;
  private final Optional<MailboxNotifier> mailbox;
  private final Optional<SmtpNotifier> smtp;
  private final HelpdeskEngine engine;
  private final SkillTaxonomy taxonomy;

  private Components(
      HikariDataSource dataSource,
      JooqTicketStore store,
      TicketAnalyzer analyzer,
      Optional<GeminiTicketAnalyzer> gemini,
      Notifier notifier,
      Optional<MailboxNotifier> mailbox,
      Optional<SmtpNotifier> smtp,
      HelpdeskEngine engine,
      SkillTaxonomy taxonomy) {
    this.dataSource = dataSource;
    this.store = store;
    this.analyzer = analyzer;
    this.gemini = gemini;
    this.notifier = notifier;
    this.mailbox = mailbox;
    this.smtp = smtp;
    this.engine = engine;
    this.taxonomy = taxonomy;
  }

  /**
   * The analyzer alone (for {@code triage-eval}): no database.
   *
   * @throws IllegalArgumentException naming the bad field
   */
  public static TicketAnalyzer analyzer(AnalyzerConfig config, SkillTaxonomy taxonomy) {
    if (config.getType() == AnalyzerConfig.Type.GEMINI) {
      return new GeminiTicketAnalyzer(config.getGemini().toGeminiConfig(taxonomy));
    }
    return new KeywordTicketAnalyzer(taxonomy);
  }

  /** Builds everything; the adapters' own checks fail here, naming the field. */
  public static Components build(HelpdeskConfiguration config, Clock clock) {
    SkillTaxonomy taxonomy = SkillTaxonomy.defaults();
    TicketAnalyzer analyzer = analyzer(config.getAnalyzer(), taxonomy);
    Optional<SmtpNotifier> smtp =
        config
            .getSmtp()
            .map(s -> SmtpNotifier.create(s.toSmtpConfig(config.getPublicBaseUrl()), clock));
    Optional<MailboxNotifier> mailbox =
        smtp.isPresent()
            ? Optional.empty()
            : Optional.of(
                new MailboxNotifier(
                    clock,
                    MailboxNotifier.DEFAULT_CAPACITY,
                    Optional.of(URI.create(config.getPublicBaseUrl()))));
    Notifier notifier = smtp.<Notifier>map(n -> n).orElseGet(mailbox::orElseThrow);

    HikariDataSource dataSource = AppDatabase.pool(config.getDatabase(), "helpdesk");
    try {
      EngineConfig engineConfig = config.getEngine();
      JooqTicketStore store =
          JooqTicketStore.create(
              JooqStoreConfig.builder(dataSource)
                  .schemaMode(SchemaMode.MIGRATE)
                  .analyticsCacheTtl(Duration.ofSeconds(30))
                  .doneJobRetention(engineConfig.getDoneJobRetention().toJavaDuration())
                  .clock(clock)
                  .build());
      int applied = AppDatabase.migrate(dataSource);
      if (applied > 0) {
        log.info("applied {} migration(s) to the server's tables", applied);
      }
      HelpdeskEngine engine =
          HelpdeskEngine.builder()
              .store(store)
              .taxonomy(taxonomy)
              .analyzer(analyzer)
              .fallbackAnalyzer(new KeywordTicketAnalyzer(taxonomy))
              .notifier(notifier)
              .clock(clock)
              .workerConcurrency(engineConfig.getWorkerConcurrency())
              .lease(engineConfig.getLease().toJavaDuration())
              .pollInterval(engineConfig.getPollInterval().toJavaDuration())
              .shutdownTimeout(engineConfig.getShutdownTimeout().toJavaDuration())
              .analysisRetryPolicy(engineConfig.getAnalysisRetry().toRetryPolicy())
              .deliveryRetryPolicy(engineConfig.getDeliveryRetry().toRetryPolicy())
              .build();
      return new Components(
          dataSource,
          store,
          analyzer,
          analyzer instanceof GeminiTicketAnalyzer g ? Optional.of(g) : Optional.empty(),
          notifier,
          mailbox,
          smtp,
          engine,
          taxonomy);
    } catch (RuntimeException e) {
      dataSource.close();
      throw e;
    }
  }

  public HikariDataSource dataSource() {
    return dataSource;
  }

  public JooqTicketStore store() {
    return store;
  }

  public TicketAnalyzer analyzer() {
    return analyzer;
  }

  public Optional<GeminiTicketAnalyzer> gemini() {
    return gemini;
  }

  public Notifier notifier() {
    return notifier;
  }

  public Optional<MailboxNotifier> mailbox() {
    return mailbox;
  }

  public Optional<SmtpNotifier> smtp() {
    return smtp;
  }

  public HelpdeskEngine engine() {
    return engine;
  }

  public SkillTaxonomy taxonomy() {
    return taxonomy;
  }

  /**
   * Stops the workers (draining running jobs), then the SMTP connections, the store, the analyzer
   * and the pool.
   */
  @Override
  public void close() {
    engine.close();
    smtp.ifPresent(SmtpNotifier::close);
    store.close();
    gemini.ifPresent(GeminiTicketAnalyzer::close);
    dataSource.close();
  }
}
