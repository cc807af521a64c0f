package io.helpdesk.notifier.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import io.helpdesk.core.HelpdeskEngine;
import io.helpdesk.core.analyzer.KeywordTicketAnalyzer;
import io.helpdesk.core.assigner.SkillAndLoadAssigner;
import io.helpdesk.core.model.Member;
import io.helpdesk.core.model.NewTicket;
import io.helpdesk.core.model.Priority;
import io.helpdesk.core.model.Role;
import io.helpdesk.core.model.Ticket;
import io.helpdesk.core.model.TicketStatus;
import io.helpdesk.core.spi.Job;
import io.helpdesk.core.spi.JobStatus;
import io.helpdesk.core.spi.JobType;
import io.helpdesk.core.store.InMemoryTicketStore;
import io.helpdesk.testkit.MutableClock;
import io.helpdesk.testkit.ScriptedAnalyzer;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("SMTP notifier in the engine: the full pipeline mails the moderator once")
class SmtpNotifierEngineTest {
  @RegisterExtension
  static final GreenMailExtension greenMail = new GreenMailExtension(MailServers.smtp());

  private MutableClock clock;
  private HelpdeskEngine engine;
  private Member rita;
  private Member kim;
  private Member mo;

  private Member admin;

  @BeforeEach
  void setUp() {
    clock = MutableClock.startingMonday();
    start(
        config(
            greenMail.getSmtp().getServerSetup().getBindAddress(), greenMail.getSmtp().getPort()));
  }

  private static SmtpConfig config(String host, int port) {
    return Fixtures.plainConfig(host, port).build();
  }

  /** A fresh engine (in-memory store) sending through {@code config}, with four members. */
  private void start(SmtpConfig config) {
    if (engine != null) {
      engine.close();
    }
    engine =
        HelpdeskEngine.builder()
            .store(new InMemoryTicketStore(clock))
            .analyzer(
                new ScriptedAnalyzer(
                    "scripted-model",
                    request ->
                        ScriptedAnalyzer.result(Priority.HIGH, "scripted-model", "kubernetes")))
            .fallbackAnalyzer(KeywordTicketAnalyzer.withDefaults())
            .assigner(new SkillAndLoadAssigner())
            .notifier(SmtpNotifier.create(config, clock))
            .clock(clock)
            .build();
    admin = engine.registerMember("ada@example.com", "Ada Admin", Role.ADMIN, Set.of(), 0);
    rita = engine.registerMember("rita@example.com", "Rita Requester", Role.USER, Set.of(), 0);
    kim =
        engine.registerMember(
            "kim@example.com", "Kim Ops", Role.MODERATOR, Set.of("kubernetes"), 5);
    mo = engine.registerMember("mo@example.com", "Mo Frontend", Role.MODERATOR, Set.of("react"), 5);
  }

  @AfterEach
  void tearDown() {
    engine.close();
  }

  private List<MimeMessage> mailsTo(Member member) {
    return Arrays.stream(greenMail.getReceivedMessages())
        .filter(message -> recipient(message).equals(member.email()))
        .toList();
  }

  private static String recipient(MimeMessage message) {
    try {
      return ((InternetAddress) message.getRecipients(Message.RecipientType.TO)[0]).getAddress();
    } catch (jakarta.mail.MessagingException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  @DisplayName("one email per assignment, none to others, none again on a second run")
  void oneMailPerAssignment() throws Exception {
    Ticket first =
        engine.createTicket(rita.id(), NewTicket.of("Pods crash-loop", "Our pods restart."));
    Ticket second =
        engine.createTicket(rita.id(), NewTicket.of("Ingress 502", "The ingress answers 502."));

    engine.runPendingJobs();
    engine.runPendingJobs();

    List<MimeMessage> toKim = mailsTo(kim);
    assertThat(toKim).hasSize(2);
    assertThat(toKim)
        .extracting(MimeMessage::getSubject)
        .containsExactlyInAnyOrder(
            "[High] Assigned to you: Pods crash-loop", "[High] Assigned to you: Ingress 502");
    assertThat(toKim)
        .extracting(message -> message.getHeader("References")[0])
        .containsExactlyInAnyOrder(
            "<ticket-" + first.id() + "@example.com>", "<ticket-" + second.id() + "@example.com>");
    assertThat(mailsTo(mo)).isEmpty();
    assertThat(greenMail.getReceivedMessages()).hasSize(2);
  }

  @Test
  @DisplayName("a status change then mails the requester, in the ticket's thread")
  void statusChangeMailsRequester() throws Exception {
    Ticket ticket =
        engine.createTicket(rita.id(), NewTicket.of("Pods crash-loop", "Our pods restart."));
    engine.runPendingJobs();
    Ticket assigned = engine.ticket(kim.id(), ticket.id()).ticket();

    engine.changeStatus(kim.id(), ticket.id(), TicketStatus.IN_PROGRESS, assigned.version());
    engine.runPendingJobs();

    assertThat(mailsTo(kim)).hasSize(1);
    List<MimeMessage> toRita = mailsTo(rita);
    assertThat(toRita).hasSize(1);
    assertThat(toRita.get(0).getSubject()).isEqualTo("Your ticket is In progress: Pods crash-loop");
    assertThat(toRita.get(0).getHeader("References")[0])
        .isEqualTo(mailsTo(kim).get(0).getHeader("References")[0]);
  }

  @Test
  @DisplayName("a rejected recipient (550) is dead-lettered at once, not retried")
  void rejectedRecipientIsDeadLettered() throws Exception {
    try (StubSmtpServer server =
        StubSmtpServer.start(
            StubSmtpServer.Behaviour.rejectingRecipients("550 5.1.1 no such user"))) {
      start(config(server.host(), server.port()));
      engine.createTicket(rita.id(), NewTicket.of("Pods crash-loop", "Our pods restart."));

      engine.runPendingJobs();

      List<Job> dead = engine.deadLetters(admin.id(), 10);
      assertThat(dead).isNotEmpty();
      Job assignedMail =
          dead.stream()
              .filter(job -> "ticket-assigned".equals(job.payload().get("kind")))
              .findFirst()
              .orElseThrow();
      assertThat(assignedMail.type()).isEqualTo(JobType.NOTIFY);
      assertThat(assignedMail.attempts()).isEqualTo(1);
      assertThat(assignedMail.lastError())
          .hasValueSatisfying(error -> assertThat(error).contains("550"));
    }
  }

  @Test
  @DisplayName("a temporary rejection (451) is retried later, not dead-lettered")
  void temporaryRejectionIsRetried() throws Exception {
    try (StubSmtpServer server =
        StubSmtpServer.start(
            StubSmtpServer.Behaviour.rejectingRecipients("451 4.7.1 greylisted"))) {
      start(config(server.host(), server.port()));
      engine.createTicket(rita.id(), NewTicket.of("Pods crash-loop", "Our pods restart."));

      engine.runPendingJobs();

      assertThat(engine.deadLetters(admin.id(), 10)).isEmpty();
      assertThat(engine.queueDepth().getOrDefault(JobStatus.QUEUED, 0L)).isPositive();
    }
  }
}
