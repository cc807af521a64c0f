package io.helpdesk.analyzer.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import io.helpdesk.core.HelpdeskEngine;
import io.helpdesk.core.RetryPolicy;
import io.helpdesk.core.analyzer.KeywordTicketAnalyzer;
import io.helpdesk.core.assigner.SkillAndLoadAssigner;
import io.helpdesk.core.model.Member;
import io.helpdesk.core.model.NewTicket;
import io.helpdesk.core.model.Role;
import io.helpdesk.core.model.SkillTaxonomy;
import io.helpdesk.core.model.Ticket;
import io.helpdesk.core.store.InMemoryTicketStore;
import io.helpdesk.testkit.MutableClock;
import io.helpdesk.testkit.RecordingNotifier;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("the engine with a Gemini analyzer")
class GeminiEngineFallbackTest {
  private static final RetryPolicy THREE_TRIES =
      new RetryPolicy(3, Duration.ofSeconds(10), Duration.ofMinutes(1), 2, 0);

  private final SkillTaxonomy taxonomy = SkillTaxonomy.defaults();
  private FakeGeminiServer server;
  private GeminiTicketAnalyzer gemini;
  private MutableClock clock;
  private HelpdeskEngine engine;
  private Member admin;
  private Member rita;
  private Member kim;

  @BeforeEach
  void setUp() {
    server = new FakeGeminiServer();
    gemini =
        new GeminiTicketAnalyzer(
            GeminiConfig.builder("engine-test-key")
                .model("engine-model")
                .baseUrl(server.baseUrl())
                .callDeadline(Duration.ofSeconds(5))
                .taxonomy(taxonomy)
                .build());
    clock = MutableClock.startingMonday();
    engine =
        HelpdeskEngine.builder()
            .store(new InMemoryTicketStore(clock))
            .taxonomy(taxonomy)
            .analyzer(gemini)
            .fallbackAnalyzer(new KeywordTicketAnalyzer(taxonomy))
            .assigner(new SkillAndLoadAssigner())
            .notifier(new RecordingNotifier())
            .clock(clock)
            .analysisRetryPolicy(THREE_TRIES)
            .random(new SplittableRandom(7))
            .build();
    admin = engine.registerMember("ada@example.com", "Ada Admin", Role.ADMIN, Set.of(), 0);
    rita = engine.registerMember("rita@example.com", "Rita Requester", Role.USER, Set.of(), 0);
    kim =
        engine.registerMember(
            "kim@example.com", "Kim Ops", Role.MODERATOR, Set.of("kubernetes", "database"), 3);
  }

  @AfterEach
  void tearDown() {
    engine.close();
    gemini.close();
    server.close();
  }

  private Ticket fileHelmTicket() {
    return engine.createTicket(
        rita.id(),
        NewTicket.of(
            "Kubernetes pods crash-looping after helm upgrade",
            "Our kubernetes cluster pods restart constantly since the helm chart upgrade."));
  }

  private Ticket reload(Ticket ticket) {
    return engine.ticket(admin.id(), ticket.id()).ticket();
  }

  @Test
  @DisplayName("uses Gemini's answer when it answers")
  void geminiAnswers() {
    Ticket ticket = fileHelmTicket();

    engine.runPendingJobs();

    Ticket done = reload(ticket);
    assertThat(done.analysis())
        .hasValueSatisfying(
            analysis -> {
              assertThat(analysis.fallback()).isFalse();
              assertThat(analysis.producedBy()).isEqualTo("engine-model");
            });
    assertThat(done.assignee()).contains(kim.id());
    assertThat(server.received()).hasSize(1);
  }

  @Test
  @DisplayName("falls back to the offline analyzer when Gemini keeps answering 503, and assigns")
  void fallsBackOn503() {
    server.alwaysReply(FakeGeminiServer.error(503, "UNAVAILABLE"));
    Ticket ticket = fileHelmTicket();

    for (int round = 0; round < 5; round++) {
      engine.runPendingJobs();
      clock.advance(Duration.ofMinutes(2));
    }

    Ticket done = reload(ticket);
    assertThat(done.analysis())
        .hasValueSatisfying(
            analysis -> {
              assertThat(analysis.fallback()).isTrue();
              assertThat(analysis.producedBy()).isNotEqualTo("engine-model");
            });
    assertThat(done.assignee()).as("assigned after the fallback").contains(kim.id());
    assertThat(server.received())
        .as("one request per engine try: the SDK does not retry on its own")
        .hasSize(THREE_TRIES.maxAttempts());
    assertThat(engine.metrics().snapshot().fallbackAnalyses()).isEqualTo(1);
  }

  @Test
  @DisplayName("waits at least the retry delay a 429 asks for before trying again")
  void honoursRetryDelay() {
    server.alwaysReply(
        FakeGeminiServer.error(
            429,
            "RESOURCE_EXHAUSTED",
            List.of(
                Map.of("@type", "type.googleapis.com/google.rpc.RetryInfo", "retryDelay", "45s"))));
    fileHelmTicket();

    engine.runPendingJobs();
    clock.advance(Duration.ofSeconds(30));
    engine.runPendingJobs();
    assertThat(server.received()).as("not retried before the server's 45 s").hasSize(1);

    clock.advance(Duration.ofSeconds(20));
    engine.runPendingJobs();
    assertThat(server.received()).as("retried once 45 s have passed").hasSize(2);
  }

  @Test
  @DisplayName("falls back at once on a permanent failure (a refused API key)")
  void fallsBackAtOnceOn401() {
    server.alwaysReply(FakeGeminiServer.error(401, "UNAUTHENTICATED"));
    Ticket ticket = fileHelmTicket();

    engine.runPendingJobs();

    assertThat(reload(ticket).analysis())
        .hasValueSatisfying(a -> assertThat(a.fallback()).isTrue());
    assertThat(reload(ticket).assignee()).isPresent();
    assertThat(server.received()).hasSize(1);
  }
}
