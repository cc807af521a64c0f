package io.helpdesk.app.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helpdesk.core.HelpdeskEngine;
import io.helpdesk.core.model.Member;
import io.helpdesk.core.model.NewTicket;
import io.helpdesk.core.model.Priority;
import io.helpdesk.core.model.Role;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo helpdesk of the embedded default: an admin, the moderators of the evaluation set (with
 * their skills and capacities), three requesters and a handful of tickets that go through the
 * pipeline like any other.
 */
public final class DemoData {
  private static final Logger log = LoggerFactory.getLogger(DemoData.class);
  private static final String MODERATORS = "/io/helpdesk/app/demo-moderators.json";

  public static final String ADMIN_EMAIL = "admin@example.com";

  /** A demo member as listed by the dev sign-in. */
  public record DemoMember(
      String email, String displayName, Role role, Set<String> skills, int capacity) {}

  private record DemoTicket(
      String requesterEmail, String title, String description, Priority requested) {}

  private static final List<DemoMember> REQUESTERS =
      List.of(
          new DemoMember("riley@example.com", "Riley Requester", Role.USER, Set.of(), 0),
          new DemoMember("sam@example.com", "Sam Requester", Role.USER, Set.of(), 0),
          new DemoMember("jordan@example.com", "Jordan Requester", Role.USER, Set.of(), 0));

  private static final List<DemoTicket> TICKETS =
      List.of(
          new DemoTicket(
              "riley@example.com",
              "Cannot log in after password reset",
              "I reset my password this morning and now the login page says my credentials are"
                  + " invalid. Two-factor codes are not accepted either. I am locked out.",
              Priority.HIGH),
          new DemoTicket(
              "sam@example.com",
              "Invoice shows the wrong VAT rate",
              "Our March invoice applied 19% VAT instead of 7%. Can you correct the billing and"
                  + " send a new invoice?",
              Priority.MEDIUM),
          new DemoTicket(
              "riley@example.com",
              "Push notifications stopped on Android",
              "Since the last app update the Android app no longer shows push notifications for"
                  + " new messages. iOS works fine.",
              Priority.MEDIUM),
          new DemoTicket(
              "jordan@example.com",
              "Dashboard is very slow",
              "The reports dashboard takes more than 30 seconds to load since last week. We have"
                  + " about 200k records; the database seems to be the bottleneck.",
              Priority.LOW),
          new DemoTicket(
              "sam@example.com",
              "Webhook deliveries failing with 500",
              "Our integration endpoint receives no webhook calls since yesterday; the delivery"
                  + " log shows HTTP 500 from your API for every attempt.",
              Priority.HIGH));

  private DemoData() {}

  /** Every demo member: the admin, the moderators, the requesters. */
  public static List<DemoMember> members() {
    List<DemoMember> members = new ArrayList<>();
    members.add(new DemoMember(ADMIN_EMAIL, "Alex Admin", Role.ADMIN, Set.of(), 5));
    members.addAll(moderators());
    members.addAll(REQUESTERS);
    return members;
  }

  /**
   * Seeds an empty helpdesk (one without the demo admin); a helpdesk that has it is left alone, so
   * a second start reuses the data.
   *
   * @return true when it seeded
   */
  public static boolean seedIfEmpty(HelpdeskEngine engine) {
    if (engine.findMemberByEmail(ADMIN_EMAIL).isPresent()) {
      return false;
    }
    for (DemoMember member : members()) {
      if (engine.findMemberByEmail(member.email()).isEmpty()) {
        engine.registerMember(
            member.email(),
            member.displayName(),
            member.role(),
            member.skills(),
            member.capacity());
      }
    }
    for (DemoTicket ticket : TICKETS) {
      Member requester = engine.findMemberByEmail(ticket.requesterEmail()).orElseThrow();
      engine.createTicket(
          requester.id(),
          new NewTicket(
              ticket.title(),
              ticket.description(),
              Optional.of(ticket.requested()),
              Optional.empty()));
    }
    log.info("seeded the demo helpdesk: {} members, {} tickets", members().size(), TICKETS.size());
    return true;
  }

  private static List<DemoMember> moderators() {
    try (InputStream in = DemoData.class.getResourceAsStream(MODERATORS)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + MODERATORS);
      }
      JsonNode root = new ObjectMapper().readTree(in);
      List<DemoMember> moderators = new ArrayList<>();
      for (JsonNode node : root.path("moderators")) {
        Set<String> skills = new LinkedHashSet<>();
        node.path("skills").forEach(skill -> skills.add(skill.asText()));
        moderators.add(
            new DemoMember(
                node.path("email").asText(),
                node.path("name").asText(),
                Role.MODERATOR,
                skills,
                node.path("capacity").asInt()));
      }
      return moderators;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
