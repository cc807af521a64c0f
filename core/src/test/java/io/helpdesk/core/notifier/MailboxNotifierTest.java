package io.helpdesk.core.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import io.helpdesk.core.model.Ticket;
import io.helpdesk.core.spi.Notification;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MailboxNotifierTest {
  private final Ticket ticket = SampleNotifications.ticket("Blank page");

  @Test
  @DisplayName("stores rendered messages, newest first, stamped by the clock")
  void storesNewestFirst() {
    MailboxNotifier mailbox = new MailboxNotifier(fixedClock());

    mailbox.send(SampleNotifications.assigned(ticket, "first"));
    mailbox.send(SampleNotifications.statusChanged(ticket));

    List<MailboxMessage> messages = mailbox.messages();
    assertThat(messages)
        .extracting(MailboxMessage::kind)
        .containsExactly("status-changed", "ticket-assigned");
    MailboxMessage assigned = messages.get(1);
    assertThat(assigned.to()).isEqualTo("mona@example.com");
    assertThat(assigned.recipientName()).isEqualTo("Mona Moderator");
    assertThat(assigned.ticketId()).isEqualTo(ticket.id());
    assertThat(assigned.subject()).isEqualTo("[High] Assigned to you: Blank page");
    assertThat(assigned.sentAt()).isEqualTo(SampleNotifications.AT);
    assertThat(mailbox.messagesTo("MONA@example.com ")).containsExactly(assigned);
    assertThat(mailbox.messagesTo("nobody@example.com")).isEmpty();
  }

  @Test
  @DisplayName("a resend with the same key does not create a second message")
  void deduplicatesByKey() {
    MailboxNotifier mailbox = new MailboxNotifier(fixedClock());
    Notification notification = SampleNotifications.assigned(ticket, "same-key");

    mailbox.send(notification);
    mailbox.send(notification);

    assertThat(mailbox.messages()).hasSize(1);
  }

  @Test
  @DisplayName("keeps only the newest messages up to its capacity")
  void bounded() {
    MailboxNotifier mailbox = new MailboxNotifier(fixedClock(), 3);

    for (int i = 1; i <= 5; i++) {
      mailbox.send(SampleNotifications.assigned(ticket, "key-" + i));
    }

    assertThat(mailbox.messages())
        .extracting(MailboxMessage::idempotencyKey)
        .containsExactly("key-5", "key-4", "key-3");
    mailbox.send(SampleNotifications.assigned(ticket, "key-1"));
    assertThat(mailbox.messages().get(0).idempotencyKey())
        .as("a dropped key is forgotten")
        .isEqualTo("key-1");
  }

  @Test
  @DisplayName("listeners hear each new message once, until closed; a failing one harms nobody")
  void listeners() throws Exception {
    MailboxNotifier mailbox = new MailboxNotifier(fixedClock());
    List<String> heard = new ArrayList<>();
    mailbox.onMessage(
        message -> {
          throw new IllegalStateException("broken listener");
        });
    AutoCloseable subscription = mailbox.onMessage(message -> heard.add(message.idempotencyKey()));

    mailbox.send(SampleNotifications.assigned(ticket, "a"));
    mailbox.send(SampleNotifications.assigned(ticket, "a"));
    subscription.close();
    mailbox.send(SampleNotifications.assigned(ticket, "b"));

    assertThat(heard).containsExactly("a");
    assertThat(mailbox.messages()).hasSize(2);
  }

  @Test
  @DisplayName("clear empties the mailbox and forgets keys")
  void clear() {
    MailboxNotifier mailbox = new MailboxNotifier(fixedClock());
    mailbox.send(SampleNotifications.assigned(ticket, "a"));

    mailbox.clear();

    assertThat(mailbox.messages()).isEmpty();
    mailbox.send(SampleNotifications.assigned(ticket, "a"));
    assertThat(mailbox.messages()).hasSize(1);
  }

  @Test
  @DisplayName("concurrent sends keep every message once and never exceed the capacity")
  void concurrentSends() throws Exception {
    MailboxNotifier mailbox = new MailboxNotifier(fixedClock(), 150);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int thread = t;
      threads.add(
          new Thread(
              () -> {
                for (int i = 0; i < 50; i++) {
                  // Threads 0/1 and 2/3 send the same keys: duplicates must collapse.
                  mailbox.send(SampleNotifications.assigned(ticket, (thread / 2) + "-" + i));
                }
              }));
    }
    threads.forEach(Thread::start);
    for (Thread thread : threads) {
      thread.join(Duration.ofSeconds(30).toMillis());
    }

    assertThat(mailbox.messages()).hasSize(100);
    assertThat(mailbox.messages())
        .extracting(MailboxMessage::idempotencyKey)
        .doesNotHaveDuplicates();
  }

  private static Clock fixedClock() {
    return Clock.fixed(SampleNotifications.AT, ZoneOffset.UTC);
  }
}
