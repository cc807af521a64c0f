package io.helpdesk.testkit;

import io.helpdesk.core.notifier.MailboxNotifier;
import io.helpdesk.core.spi.Notifier;
import java.net.URI;
import java.util.List;
import java.util.Optional;

class MailboxNotifierContractTest extends NotifierContractTest {
  private MailboxNotifier mailbox;

  @Override
  protected Notifier createNotifier() {
    mailbox =
        new MailboxNotifier(
            MutableClock.startingMonday(),
            500,
            Optional.of(URI.create("https://help.example.com")));
    return mailbox;
  }

  @Override
  protected List<DeliveredMessage> delivered() {
    return mailbox.messages().stream()
        .map(
            message ->
                new DeliveredMessage(
                    message.to(),
                    message.subject(),
                    message.body(),
                    Optional.of(message.idempotencyKey())))
        .toList();
  }
}
