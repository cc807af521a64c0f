package io.helpdesk.testkit;

import java.util.Objects;
import java.util.Optional;

/**
 * What a notifier under test delivered, as its medium shows it, for {@link NotifierContractTest}.
 *
 * @param to the recipient's email address
 * @param subject the subject or title line; empty when the medium has none
 * @param text the readable content (for email, the text part)
 * @param idempotencyKey the key as the medium carries it (a Message-ID, a header), when it does; it
 *     may be derived from the notification's key, but one notification always maps to one value
 */
public record DeliveredMessage(
    String to, String subject, String text, Optional<String> idempotencyKey) {
  public DeliveredMessage {
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
  }
}
