package io.helpdesk.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model fails in every way a model fails (a 429 storm, answers after the deadline, garbage):
 * every ticket still ends analysed (by the offline analyzer, marked fallback) and assigned, and no
 * job is left stuck; tickets the model answers properly are not marked fallback.
 */
class ModelOutageFaultTest {
  static final String[] MODES = {"[429]", "[slow]", "[garbage]", "[ok]"};
  static final int PER_MODE = 15;

  @TempDir Path directory;

  @Test
  @Timeout(180)
  @DisplayName("429 storm, timeouts past the deadline, garbage: every ticket analysed and assigned")
  void modelOutage() throws Exception {
    try (Databases.TestDatabase database = Databases.throwaway();
        FakeGemini gemini = new FakeGemini()) {
      Helpdesk helpdesk = Helpdesk.prepare(database.url(), 3);
      GreenMail greenMail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
      greenMail.start();
      Path config =
          new ServerConfig(database.url())
              .smtpPort(greenMail.getSmtp().getPort())
              .gemini(gemini.baseUrl())
              .analysisRetry("{maxAttempts: 3, initialDelay: 300ms, maxDelay: 1s, multiplier: 2}")
              .write(directory, "model.yml");
      int tickets = MODES.length * PER_MODE;
      try (InProcessServer server = new InProcessServer(config)) {
        long started = System.nanoTime();
        TicketFiler filer =
            new TicketFiler(
                    server::port, helpdesk.requesterToken, "model-" + UUID.randomUUID(), tickets)
                .describedBy(
                    number ->
                        "Pods crash-loop in kubernetes after the upgrade "
                            + MODES[number % MODES.length]);
        filer.run(4, Duration.ofSeconds(60));
        assertThat(filer.filed()).isEqualTo(tickets);
        boolean settled =
            Waits.until(
                Duration.ofSeconds(90),
                () -> {
                  Helpdesk.State state = helpdesk.state();
                  return state.settled() && state.assigned() >= tickets;
                });
        Helpdesk.State end = helpdesk.state();
        Map<String, Integer> fallbackByMode = new java.util.TreeMap<>();
        for (String mode : MODES) {
          fallbackByMode.put(
              mode,
              helpdesk.count(
                  "SELECT count(*) FROM tickets WHERE analysis_fallback AND description LIKE '%"
                      + mode.replace("[", "\\[").replace("]", "\\]")
                      + "%' ESCAPE '\\'"));
        }
        System.out.printf(
            "[ModelOutageFaultTest] %d tickets (%d per mode) in %.1f s (settled: %s): %s;"
                + " fallback per mode %s; model answers %s%n",
            tickets,
            PER_MODE,
            (System.nanoTime() - started) / 1e9,
            settled,
            end,
            fallbackByMode,
            gemini.answered());
        assertThat(end.tickets()).isEqualTo(tickets);
        assertThat(end.analysed()).as("analysed").isEqualTo(tickets);
        assertThat(end.assigned()).as("assigned").isEqualTo(tickets);
        assertThat(end.settled()).as("no job stuck queued or running").isTrue();
        assertThat(end.jobs("DEAD")).as("dead jobs").isZero();
        assertThat(fallbackByMode)
            .containsEntry("[429]", PER_MODE)
            .containsEntry("[slow]", PER_MODE)
            .containsEntry("[garbage]", PER_MODE)
            .containsEntry("[ok]", 0);
        assertThat(end.fallbackAnalysed()).isEqualTo(3 * PER_MODE);
        assertThat(gemini.answered().getOrDefault("429", 0))
            .as("the 429s were retried before giving way")
            .isGreaterThan(PER_MODE);
      } finally {
        greenMail.stop();
      }
    }
  }
}
