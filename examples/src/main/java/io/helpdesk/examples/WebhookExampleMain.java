package io.helpdesk.examples;

import io.helpdesk.core.HelpdeskEngine;
import io.helpdesk.core.model.Assignment;
import io.helpdesk.core.model.Member;
import io.helpdesk.core.model.NewTicket;
import io.helpdesk.core.model.Role;
import io.helpdesk.core.model.Ticket;
import io.helpdesk.core.store.InMemoryTicketStore;
import io.helpdesk.examples.assigner.RoundRobinTeamAssigner;
import io.helpdesk.examples.webhook.WebhookConfig;
import io.helpdesk.examples.webhook.WebhookNotifier;
import io.helpdesk.examples.webhook.WebhookReceiver;
import java.time.Clock;
import java.util.List;
import java.util.Set;

/**
 * The engine wired with two third-party adapters: {@link RoundRobinTeamAssigner} takes turns within
 * the team whose skill a ticket needs, and {@link WebhookNotifier} POSTs each notification as a
 * signed JSON event. A {@link WebhookReceiver} on a local port stands in for the receiving system
 * and checks every signature.
 *
 * <p>Prints who got each ticket and why, then every event the receiver got.
 */
public final class WebhookExampleMain {
  private WebhookExampleMain() {}

  /**
   * Runs the example.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    String secret = "an-example-secret-of-32-bytes!!!"; // in production: from the environment
    try (WebhookReceiver receiver = WebhookReceiver.start(secret, Clock.systemUTC())) {
      HelpdeskEngine engine =
          HelpdeskEngine.builder()
              .store(new InMemoryTicketStore())
              .assigner(new RoundRobinTeamAssigner())
              .notifier(
                  WebhookNotifier.create(
                      WebhookConfig.builder(receiver.url().toString(), secret)
                          .webBaseUrl("https://help.example.com")
                          .build()))
              .build();
      register(engine, "ana@example.com", "Ana", Role.MODERATOR, "kubernetes");
      register(engine, "ben@example.com", "Ben", Role.MODERATOR, "kubernetes");
      register(engine, "dora@example.com", "Dora", Role.MODERATOR, "database");
      Member admin = register(engine, "ada@example.com", "Ada", Role.ADMIN);
      Member rita = register(engine, "rita@example.com", "Rita", Role.USER);

      List<String> titles =
          List.of(
              "Pods crash-loop after helm upgrade",
              "Kubernetes node not ready",
              "kubectl rollout is stuck",
              "Slow SQL query on the orders table");
      for (String title : titles) {
        Ticket ticket =
            engine.createTicket(rita.id(), NewTicket.of(title, title + ", since today."));
        engine.runPendingJobs();
        Assignment assignment =
            engine.ticket(admin.id(), ticket.id()).ticket().assignment().orElseThrow();
        String assignee = engine.member(admin.id(), assignment.assignee()).displayName();
        System.out.println(title + " -> " + assignee + ": " + assignment.reason());
      }

      for (WebhookReceiver.Received event : receiver.received()) {
        System.out.println(
            "webhook "
                + event.event()
                + (event.authentic() ? " (signature ok) " : " (SIGNATURE REJECTED) ")
                + event.body());
      }
    }
  }

  private static Member register(
      HelpdeskEngine engine, String email, String name, Role role, String... skills) {
    return engine.registerMember(email, name, role, Set.of(skills), role == Role.MODERATOR ? 5 : 0);
  }
}
