package io.helpdesk.reliability;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads what GreenMail received: assignment mails per ticket (from the thread header). */
final class Mails {
  private static final Pattern TICKET = Pattern.compile("<ticket-([0-9a-f-]{36})@");

  private Mails() {}

  /** Ticket id to the number of {@code ticket-assigned} mails received for it. */
  static Map<String, Integer> assignedMailsPerTicket(GreenMail greenMail) {
    Map<String, Integer> perTicket = new HashMap<>();
    for (MimeMessage message : greenMail.getReceivedMessages()) {
      try {
        String kind = message.getHeader("X-Helpdesk-Notification", null);
        String thread = message.getHeader("In-Reply-To", null);
        if (!"ticket-assigned".equals(kind) || thread == null) {
          continue;
        }
        Matcher matcher = TICKET.matcher(thread);
        if (matcher.find()) {
          perTicket.merge(matcher.group(1), 1, Integer::sum);
        }
      } catch (MessagingException e) {
        throw new IllegalStateException(e);
      }
    }
    return perTicket;
  }

  /** How many tickets got more than one assignment mail, and the extra mails in all. */
  record Duplicates(int tickets, int extraMails, int most) {}

  static Duplicates duplicates(Map<String, Integer> perTicket) {
    int tickets = 0;
    int extra = 0;
    int most = 0;
    for (int count : perTicket.values()) {
      most = Math.max(most, count);
      if (count > 1) {
        tickets++;
        extra += count - 1;
      }
    }
    return new Duplicates(tickets, extra, most);
  }
}
