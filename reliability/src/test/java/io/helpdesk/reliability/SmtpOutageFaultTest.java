package io.helpdesk.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mail server goes away for longer than several retry intervals and comes back on the same
 * port: every mail is delivered after it returns, none is dead-lettered.
 *
 * <p>The issue asks for a minute of outage with production retries (10 tries from 5 s, doubling:
 * about 1.5 hours of budget, so a minute is well inside it). To stay fast this test scales both
 * down by the same idea: retries from 500 ms doubling to at most 4 s, 10 tries (about 25 s of
 * budget), and an outage of 12 s that spans five retry intervals.
 */
class SmtpOutageFaultTest {
  static final int TICKETS = 60;
  static final Duration OUTAGE = Duration.ofSeconds(12);

  @TempDir Path directory;

  @Test
  @Timeout(180)
  @DisplayName("SMTP down for 12 s (5 retry intervals): every mail delivered after it returns")
  void smtpOutage() throws Exception {
    try (Databases.TestDatabase database = Databases.throwaway()) {
      Helpdesk helpdesk = Helpdesk.prepare(database.url(), 3);
      int smtpPort = Databases.freePort();
      ServerSetup smtp = new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
      Path config =
          new ServerConfig(database.url())
              .smtpPort(smtpPort)
              .deliveryRetry("{maxAttempts: 10, initialDelay: 500ms, maxDelay: 4s, multiplier: 2}")
              .write(directory, "smtp.yml");
      try (InProcessServer server = new InProcessServer(config)) {
        // SMTP is down from the start: every assignment mail meets a closed port.
        long downSince = System.nanoTime();
        TicketFiler filer =
            new TicketFiler(
                server::port, helpdesk.requesterToken, "smtp-" + UUID.randomUUID(), TICKETS);
        filer.run(4, Duration.ofSeconds(60));
        assertThat(filer.filed()).isEqualTo(TICKETS);
        Waits.sleep(Math.max(0, OUTAGE.toMillis() - (System.nanoTime() - downSince) / 1_000_000));
        int attempts =
            helpdesk.count("SELECT coalesce(sum(attempts), 0) FROM jobs WHERE type = 'NOTIFY'");
        int withError =
            helpdesk.count(
                "SELECT count(*) FROM jobs WHERE type = 'NOTIFY' AND last_error IS NOT NULL");
        Helpdesk.State during = helpdesk.state();
        System.out.printf(
            "[SmtpOutageFaultTest] after %d s of outage: %s; %d delivery attempts so far, %d"
                + " notify jobs with a failure recorded%n",
            OUTAGE.toSeconds(), during, attempts, withError);
        assertThat(during.notifiedTickets()).as("nothing can be delivered yet").isZero();
        assertThat(during.assigned()).isEqualTo(TICKETS);
        assertThat(withError).as("notify jobs that met the closed port").isPositive();
        assertThat(attempts).as("delivery attempts while down (retries)").isGreaterThan(TICKETS);
        assertThat(during.jobs("DEAD")).as("dead letters while down").isZero();

        GreenMail greenMail = new GreenMail(smtp);
        greenMail.start();
        long back = System.nanoTime();
        try {
          boolean delivered =
              Waits.until(
                  Duration.ofSeconds(60),
                  () -> Mails.assignedMailsPerTicket(greenMail).size() >= TICKETS);
          Helpdesk.State end = helpdesk.state();
          Map<String, Integer> mails = Mails.assignedMailsPerTicket(greenMail);
          Mails.Duplicates duplicates = Mails.duplicates(mails);
          System.out.printf(
              "[SmtpOutageFaultTest] SMTP back: %d of %d tickets mailed in %.1f s (all: %s);"
                  + " %s; %d duplicate mails%n",
              mails.size(),
              TICKETS,
              (System.nanoTime() - back) / 1e9,
              delivered,
              end,
              duplicates.extraMails());
          assertThat(mails.keySet()).containsExactlyInAnyOrderElementsOf(filer.ticketIds());
          assertThat(duplicates.extraMails()).as("duplicate mails").isZero();
          assertThat(Waits.until(Duration.ofSeconds(10), () -> helpdesk.state().settled()))
              .isTrue();
          assertThat(helpdesk.state().jobs("DEAD")).as("dead letters").isZero();
          assertThat(helpdesk.state().notifiedTickets()).isEqualTo(TICKETS);
        } finally {
          greenMail.stop();
        }
      }
    }
  }
}
