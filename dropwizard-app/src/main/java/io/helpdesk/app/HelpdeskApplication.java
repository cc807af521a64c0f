package io.helpdesk.app;

import ch.qos.logback.access.common.spi.IAccessEvent;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.dropwizard.assets.AssetsBundle;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.server.AbstractServerFactory;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.jersey.setup.JerseyEnvironment;
import io.dropwizard.jetty.GzipHandlerFactory;
import io.dropwizard.logging.common.AbstractAppenderFactory;
import io.dropwizard.logging.common.AppenderFactory;
import io.dropwizard.request.logging.LogbackAccessRequestLogFactory;
import io.helpdesk.app.auth.AuthFilter;
import io.helpdesk.app.auth.SessionService;
import io.helpdesk.app.auth.oidc.OidcClient;
import io.helpdesk.app.auth.oidc.OidcConfig;
import io.helpdesk.app.cli.MigrateCommand;
import io.helpdesk.app.cli.SeedDemoCommand;
import io.helpdesk.app.cli.StatusCommand;
import io.helpdesk.app.cli.TriageEvalCommand;
import io.helpdesk.app.config.EventsConfig;
import io.helpdesk.app.config.OidcSettings;
import io.helpdesk.app.core.BootstrapAdmins;
import io.helpdesk.app.core.Components;
import io.helpdesk.app.core.DemoData;
import io.helpdesk.app.core.EngineMetricsSet;
import io.helpdesk.app.core.Housekeeping;
import io.helpdesk.app.core.ManagedComponents;
import io.helpdesk.app.db.ApiTokenStore;
import io.helpdesk.app.db.IdempotencyStore;
import io.helpdesk.app.db.OidcIdentityStore;
import io.helpdesk.app.db.OidcSignInStore;
import io.helpdesk.app.db.SessionStore;
import io.helpdesk.app.errors.BodySizeLimit;
import io.helpdesk.app.errors.ProblemErrorPages;
import io.helpdesk.app.errors.ProblemExceptionMapper;
import io.helpdesk.app.events.EventFrames;
import io.helpdesk.app.events.EventHub;
import io.helpdesk.app.events.EventStreamServlet;
import io.helpdesk.app.health.AnalyzerHealthCheck;
import io.helpdesk.app.health.DatabaseHealthCheck;
import io.helpdesk.app.health.OidcHealthCheck;
import io.helpdesk.app.health.SmtpHealthCheck;
import io.helpdesk.app.resources.AdminResource;
import io.helpdesk.app.resources.AuthResource;
import io.helpdesk.app.resources.DevMailboxResource;
import io.helpdesk.app.resources.DevSignInResource;
import io.helpdesk.app.resources.MeResource;
import io.helpdesk.app.resources.MemberResource;
import io.helpdesk.app.resources.OidcSignInResource;
import io.helpdesk.app.resources.OpenApiResource;
import io.helpdesk.app.resources.TicketResource;
import io.helpdesk.app.ui.SecurityHeadersFilter;
import io.helpdesk.app.ui.UiPageServlet;
import io.helpdesk.core.HelpdeskEngine;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletRegistration;
import java.time.Clock;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.NetworkConnector;
import org.eclipse.jetty.util.component.LifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reference server. {@code server} without a file runs the embedded default; see the README for
 * the production configuration and the other commands.
 */
public class HelpdeskApplication extends Application<HelpdeskConfiguration> {
  private static final Logger log = LoggerFactory.getLogger(HelpdeskApplication.class);

  /**
   * Dropwizard's request log line without the query string ({@code %U}, not {@code %r}) and without
   * the Referer: the OIDC callback's {@code code} and {@code state} and the search words of list
   * requests travel in query strings and stay out of the log. An appender's own {@code logFormat}
   * wins.
   */
  public static final String REQUEST_LOG_FORMAT =
      "%h %l %u [%t{dd/MMM/yyyy:HH:mm:ss Z,UTC}] \"%m %U %H\" %s %b \"%i{User-Agent}\" %D";

  private final Clock clock;
  private volatile HelpdeskEngine engine;

  public HelpdeskApplication() {
    this(Clock.systemUTC());
  }

  /** With another clock for every timestamp, session timeout included (tests). */
  public HelpdeskApplication(Clock clock) {
    this.clock = clock;
  }

  public static void main(String[] args) throws Exception {
    new HelpdeskApplication().run(args);
  }

  /**
   * The engine this application runs, once {@code run} has built it: for tests and hosts that start
   * the server in their own JVM and want to subscribe to its events.
   */
  public Optional<HelpdeskEngine> engine() {
    return Optional.ofNullable(engine);
  }

  @Override
  public String getName() {
    return "helpdesk";
  }

  @Override
  public void initialize(Bootstrap<HelpdeskConfiguration> bootstrap) {
    bootstrap.setConfigurationSourceProvider(
        new SubstitutingSourceProvider(
            bootstrap.getConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(true)));
    bootstrap.setConfigurationFactoryFactory(EmbeddedDefaultConfigurationFactory::new);
    bootstrap.getObjectMapper().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    // A misspelt field is an error the client should hear about, not silently dropped input.
    bootstrap.getObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    // The web UI's scripts and styles; its page is UiPageServlet at / (Jersey owns /*).
    bootstrap.addBundle(
        new AssetsBundle(UiPageServlet.CLASSPATH_ROOT + "/assets", "/assets", null, "ui-assets"));
    bootstrap.addCommand(new MigrateCommand());
    bootstrap.addCommand(new StatusCommand());
    bootstrap.addCommand(new SeedDemoCommand());
    bootstrap.addCommand(new TriageEvalCommand());
  }

  @Override
  public void run(HelpdeskConfiguration config, Environment environment) {
    // Checked before anything starts, so a wrong block stops the server with the field's name.
    Optional<OidcSettings> oidcSettings = config.getAuth().getOidc();
    Optional<OidcConfig> oidcConfig =
        oidcSettings.map(
            settings ->
                settings.toOidcConfig(
                    config.getPublicBaseUrl(), config.getAuth().getAllowedEmailDomains()));
    Components components = Components.build(config, clock);
    environment.lifecycle().manage(new ManagedComponents(components));
    // Requests the container refuses before the application (an undecodable path, a URI too long)
    // get problem+json like every other error, not Jetty's HTML page.
    environment.getApplicationContext().setErrorHandler(new ProblemErrorPages.ForContext());
    environment
        .lifecycle()
        .addServerLifecycleListener(
            server -> server.setErrorHandler(new ProblemErrorPages.ForServer()));
    HelpdeskEngine engine = components.engine();
    this.engine = engine;

    BootstrapAdmins.ensure(engine, config.getAuth().getBootstrapAdminEmails());
    if (config.isSeedDemoData()) {
      DemoData.seedIfEmpty(engine);
    }

    SessionStore sessionStore = new SessionStore(components.dataSource());
    ApiTokenStore tokenStore = new ApiTokenStore(components.dataSource());
    IdempotencyStore idempotency = new IdempotencyStore(components.dataSource());
    SessionService sessions = new SessionService(sessionStore, engine, config.getAuth(), clock);

    // Every error is problem+json from one mapper; Dropwizard's own mappers would answer in
    // their own shapes.
    if (config.getServerFactory() instanceof AbstractServerFactory serverFactory) {
      serverFactory.setRegisterDefaultExceptionMappers(false);
      if (serverFactory.getRequestLogFactory() instanceof LogbackAccessRequestLogFactory requests) {
        for (AppenderFactory<IAccessEvent> appender : requests.getAppenders()) {
          if (appender instanceof AbstractAppenderFactory<IAccessEvent> configurable
              && configurable.getLogFormat() == null) {
            configurable.setLogFormat(REQUEST_LOG_FORMAT);
          }
        }
      }
    }
    JerseyEnvironment jersey = environment.jersey();
    jersey.register(new ProblemExceptionMapper());
    jersey.register(new BodySizeLimit(config.getMaxRequestBodyBytes()));
    AuthFilter authFilter = new AuthFilter(sessionStore, tokenStore, engine, sessions, clock);
    jersey.register(authFilter);
    jersey.register(new TicketResource(engine, idempotency, environment.getObjectMapper(), clock));
    jersey.register(new MeResource(tokenStore, clock));
    jersey.register(
        new AuthResource(
            sessions,
            oidcSettings.map(OidcSettings::getProviderName),
            config.getAuth().isDevSignIn()));
    OidcSignInStore pendingSignIns = new OidcSignInStore(components.dataSource());
    if (oidcConfig.isPresent()) {
      // Discovery happens on the first sign-in (and in the health check), so a provider that is
      // briefly away does not keep the server from starting.
      jersey.register(
          new OidcSignInResource(
              OidcClient.create(oidcConfig.get(), clock),
              pendingSignIns,
              new OidcIdentityStore(components.dataSource()),
              engine,
              sessions,
              config.getAuth(),
              config.getPublicBaseUrl(),
              oidcSettings.get().getSignInTimeout(),
              clock));
      environment.healthChecks().register("oidc", new OidcHealthCheck(oidcConfig.get()));
      log.info("OIDC sign-in with {} ({})", oidcSettings.get().getProviderName(), oidcConfig.get());
    }
    jersey.register(new MemberResource(engine));
    jersey.register(new AdminResource(engine));
    jersey.register(new OpenApiResource());
    environment
        .servlets()
        .addFilter("security-headers", new SecurityHeadersFilter())
        .addMappingForUrlPatterns(EnumSet.allOf(DispatcherType.class), true, "/*");
    // "" is the context root exactly: the page at /, while Jersey keeps every other path
    environment.servlets().addServlet("ui-page", new UiPageServlet()).addMapping("");
    if (config.getAuth().isDevSignIn()) {
      log.warn(
          "\n*****************************************************************\n"
              + "  DEV SIGN-IN IS ON: anyone can sign in as any demo member.\n"
              + "  Never expose this server; set auth.devSignIn: false for real use.\n"
              + "*****************************************************************");
      jersey.register(new DevSignInResource(engine, sessions));
      components.mailbox().ifPresent(mailbox -> jersey.register(new DevMailboxResource(mailbox)));
    }

    registerEventStream(config, environment, engine, authFilter);

    environment
        .healthChecks()
        .register("database", new DatabaseHealthCheck(components.dataSource()));
    environment.healthChecks().register("analyzer", new AnalyzerHealthCheck(components.gemini()));
    environment.healthChecks().register("smtp", new SmtpHealthCheck(components.smtp()));
    EngineMetricsSet.register(environment.metrics(), engine);

    ScheduledExecutorService housekeeping =
        environment
            .lifecycle()
            .scheduledExecutorService("helpdesk-housekeeping")
            .threads(1)
            .build();
    long every = config.getEngine().getPruneInterval().toSeconds();
    housekeeping.scheduleAtFixedRate(
        new Housekeeping(
            components.store(), sessionStore, sessions, idempotency, pendingSignIns, clock),
        every,
        every,
        TimeUnit.SECONDS);

    environment
        .lifecycle()
        .addServerLifecycleListener(
            server ->
                log.info(
                    "\n\n  Helpdesk is running: open {} (API under /api/v1; listening on {}){}\n",
                    config.getPublicBaseUrl(),
                    java.util.Arrays.stream(server.getConnectors())
                        .filter(NetworkConnector.class::isInstance)
                        .map(connector -> ((NetworkConnector) connector).getLocalPort())
                        .toList(),
                    config.getAuth().isDevSignIn()
                        ? "\n  Dev sign-in: GET /api/v1/dev/members, then POST /api/v1/dev/sign-in"
                            + " {\"email\": \"riley@example.com\"}"
                        : ""));
  }

  /**
   * {@code GET /api/v1/events}: one {@link EventHub} subscribed to the engine, started and stopped
   * with the server (open streams end as soon as the server begins to stop, so they do not hold up
   * its graceful shutdown), and a non-blocking servlet beside Jersey.
   */
  private static void registerEventStream(
      HelpdeskConfiguration config,
      Environment environment,
      HelpdeskEngine engine,
      AuthFilter authFilter) {
    EventsConfig events = config.getEvents();
    EventHub hub =
        new EventHub(
            engine::subscribe,
            new EventFrames(environment.getObjectMapper()),
            authFilter::recheck,
            new EventHub.Settings(
                events.getHeartbeatInterval().toJavaDuration(),
                events.getRecheckInterval().toJavaDuration(),
                events.getReconnectDelay().toJavaDuration(),
                events.getQueueCapacity(),
                events.getReplayPageSize(),
                events.getMaxSubscribers(),
                Math.max(2, Runtime.getRuntime().availableProcessors())),
            environment.metrics());
    environment.lifecycle().manage(hub);
    environment
        .lifecycle()
        .addEventListener(
            new LifeCycle.Listener() {
              @Override
              public void lifeCycleStopping(LifeCycle event) {
                hub.closeAll();
              }
            });
    ServletRegistration.Dynamic servlet =
        environment
            .servlets()
            .addServlet(
                "events",
                new EventStreamServlet(hub, engine, authFilter, environment.getObjectMapper()));
    servlet.setAsyncSupported(true);
    servlet.addMapping(EventStreamServlet.PATH);
    keepEventStreamUncompressed(config);
  }

  /**
   * Gzip would hold events back until its buffer fills. Jetty leaves {@code text/event-stream}
   * alone by default, but a configured {@code server.gzip.excludedMimeTypes} replaces that default:
   * put it back, and exclude the stream's path as well.
   */
  static void keepEventStreamUncompressed(HelpdeskConfiguration config) {
    if (!(config.getServerFactory() instanceof AbstractServerFactory serverFactory)) {
      return;
    }
    GzipHandlerFactory gzip = serverFactory.getGzipFilterFactory();
    if (gzip.getExcludedMimeTypes() != null
        && !gzip.getExcludedMimeTypes().contains("text/event-stream")) {
      Set<String> mimeTypes = new LinkedHashSet<>(gzip.getExcludedMimeTypes());
      mimeTypes.add("text/event-stream");
      gzip.setExcludedMimeTypes(mimeTypes);
    }
    Set<String> paths =
        gzip.getExcludedPaths() == null
            ? new LinkedHashSet<>()
            : new LinkedHashSet<>(gzip.getExcludedPaths());
    paths.add("^.*" + EventStreamServlet.PATH + "$");
    gzip.setExcludedPaths(paths);
  }
}
