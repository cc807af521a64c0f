package io.helpdesk.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.helpdesk.core.NotificationFailedException;
import io.helpdesk.core.model.Limits;
import io.helpdesk.core.spi.Notification;
import io.helpdesk.core.spi.Notifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link Notifier} must pass. Extend it, create the notifier under test in
 * {@link #createNotifier()}, and report what reached the medium in {@link #delivered()}.
 *
 * <p>Capabilities: {@link #deliversContent()} (off for notifiers that only record that a
 * notification happened, such as a log line) and {@link #createUnreachableNotifier()} (a notifier
 * whose medium is down, to check the failure contract).
 */
public abstract class NotifierContractTest {

  private Notifier notifier;

  /** A fresh notifier; called before each test. */
  protected abstract Notifier createNotifier();

  /**
   * Everything the notifier from the last {@link #createNotifier()} delivered, in any order. Called
   * after {@code send} returned; wait here if the medium is asynchronous.
   */
  protected abstract List<DeliveredMessage> delivered();

  /**
   * A notifier whose medium cannot be reached (a closed port, a stopped server), or empty when the
   * notifier has no medium that could be down.
   */
  protected Optional<Notifier> createUnreachableNotifier() {
    return Optional.empty();
  }

  /**
   * Whether {@link DeliveredMessage#subject()} and {@link DeliveredMessage#text()} carry the
   * message. False for notifiers that deliberately leave ticket text out, such as a log line.
   */
  protected boolean deliversContent() {
    return true;
  }

  @BeforeEach
  void createNotifierUnderTest() {
    notifier = createNotifier();
  }

  @Test
  @DisplayName("each kind of notification is delivered once, to its recipient, naming the ticket")
  void eachKindDeliveredOnce() {
    String title = "Checkout page is blank";
    List<Notification> notifications = Notifications.sampleOfEachKind(title);

    notifications.forEach(notifier::send);

    List<DeliveredMessage> delivered = delivered();
    assertThat(delivered).hasSize(notifications.size());
    for (Notification notification : notifications) {
      List<DeliveredMessage> toRecipient = deliveredTo(delivered, notification);
      assertThat(toRecipient).as(notification.kind()).hasSize(1);
      if (deliversContent()) {
        DeliveredMessage message = toRecipient.get(0);
        assertThat(message.subject() + "\n" + message.text())
            .as("%s mentions the ticket title", notification.kind())
            .contains(title);
      }
    }
    List<String> keys =
        delivered.stream().flatMap(message -> message.idempotencyKey().stream()).toList();
    assertThat(keys).as("distinct notifications carry distinct keys").doesNotHaveDuplicates();
  }

  @Test
  @DisplayName("sending the same notification twice delivers it at most twice, with the same key")
  void resendIsAtMostOneDuplicate() {
    Notification notification = Notifications.sampleOfEachKind("Printer on fire").get(0);

    notifier.send(notification);
    notifier.send(notification);

    List<DeliveredMessage> delivered = deliveredTo(delivered(), notification);
    assertThat(delivered).hasSizeBetween(1, 2);
    assertThat(delivered.stream().map(DeliveredMessage::idempotencyKey).distinct())
        .as("every copy carries the same key (or none, where the medium has none)")
        .hasSize(1);
  }

  @Test
  @DisplayName("hostile ticket text (header injection, HTML, script) is delivered harmlessly")
  void untrustedTextIsDeliveredHarmlessly() {
    List<Notification> notifications = Notifications.sampleOfEachKind(Notifications.HOSTILE_TITLE);

    notifications.forEach(notifier::send);

    List<DeliveredMessage> delivered = delivered();
    assertThat(delivered)
        .as("nothing reaches an injected address")
        .hasSize(notifications.size())
        .allSatisfy(message -> assertThat(message.to()).doesNotContain("evil"));
    assertThat(delivered)
        .allSatisfy(
            message ->
                assertThat(message.subject())
                    .as("subjects are one line")
                    .doesNotContain("\r", "\n"));
    if (deliversContent()) {
      assertThat(delivered)
          .allSatisfy(message -> assertThat(message.subject()).contains("Hi", "evil@example.com"));
    }
  }

  @Test
  @DisplayName("long and unusual text is delivered, or fails only with NotificationFailedException")
  void onlyNotificationFailedExceptionEscapes() {
    String longTitle = "Ü".repeat(Limits.MAX_TITLE_LENGTH);
    String unusualTitle = "😀 emoji, עברית, \u202Ebidi\u202C, zero\u200Bwidth, tab\there";
    List<Notification> notifications = new ArrayList<>();
    notifications.addAll(Notifications.sampleOfEachKind(longTitle));
    notifications.addAll(Notifications.sampleOfEachKind(unusualTitle));

    for (Notification notification : notifications) {
      Throwable thrown = catchThrowable(() -> notifier.send(notification));
      if (thrown != null) {
        assertThat(thrown).as(notification.kind()).isInstanceOf(NotificationFailedException.class);
      }
    }
    assertThat(delivered())
        .allSatisfy(message -> assertThat(message.subject()).doesNotContain("\r", "\n"));
  }

  @Test
  @DisplayName("an unreachable medium fails with a retryable NotificationFailedException")
  void unreachableIsRetryable() {
    Optional<Notifier> unreachable = createUnreachableNotifier();
    Assumptions.assumeTrue(unreachable.isPresent(), "the notifier has no medium that can be down");
    Notification notification = Notifications.sampleOfEachKind("Nobody home").get(0);

    assertThatThrownBy(() -> unreachable.get().send(notification))
        .isInstanceOf(NotificationFailedException.class)
        .satisfies(
            thrown ->
                assertThat(((NotificationFailedException) thrown).retryable())
                    .as("retryable")
                    .isTrue());
  }

  @Test
  @DisplayName("concurrent sends are each delivered")
  void concurrentSends() throws Exception {
    List<Notification> notifications = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      notifications.addAll(Notifications.sampleOfEachKind("Concurrent " + i));
    }
    ExecutorService executor = Executors.newFixedThreadPool(4);
    try {
      List<Callable<Void>> sends =
          notifications.stream()
              .map(
                  notification ->
                      (Callable<Void>)
                          () -> {
                            notifier.send(notification);
                            return null;
                          })
              .collect(Collectors.toList());
      for (Future<Void> result : executor.invokeAll(sends)) {
        result.get(30, TimeUnit.SECONDS);
      }
    } finally {
      executor.shutdownNow();
    }

    assertThat(delivered()).hasSize(notifications.size());
  }

  private static List<DeliveredMessage> deliveredTo(
      List<DeliveredMessage> delivered, Notification notification) {
    String email = notification.recipient().email();
    return delivered.stream().filter(message -> message.to().equalsIgnoreCase(email)).toList();
  }
}
