package io.helpdesk.core.notifier;

import java.util.Objects;

/**
 * A notification rendered as plain text.
 *
 * @param subject one line, free of control characters, at most {@link
 *     NotificationText#MAX_SUBJECT_LENGTH} characters: safe for an email header
 * @param body plain text with {@code \n} line breaks and no other control characters except tabs;
 *     still untrusted where it quotes ticket text, so escape it for HTML
 * @since 0.1
 */
public record RenderedMessage(String subject, String body) {
  public RenderedMessage {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(body, "body");
    if (subject.length() > NotificationText.MAX_SUBJECT_LENGTH
        || !NotificationText.isOneLine(subject)) {
      throw new IllegalArgumentException(
          "subject must be one line without control characters, at most "
              + NotificationText.MAX_SUBJECT_LENGTH
              + " characters");
    }
  }
}
