package io.helpdesk.notifier.smtp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Message-IDs ({@code <left@domain>}, RFC 5322) made from our keys. The same key always gives the
 * same id, so a resent notification carries the Message-ID of the first attempt.
 */
final class MessageIds {
  private static final int MAX_LEFT_LENGTH = 64;

  private MessageIds() {}

  static String of(String key, String domain) {
    return "<" + left(key) + "@" + domain + ">";
  }

  /**
   * Keeps letters, digits, {@code -} and {@code _}; anything else becomes {@code -}, and then a
   * digest of the original key is appended so two different keys never share an id.
   */
  static String left(String key) {
    StringBuilder safe = new StringBuilder(key.length());
    boolean changed = key.isEmpty();
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '_') {
        safe.append(c);
      } else {
        safe.append('-');
        changed = true;
      }
    }
    if (!changed && safe.length() <= MAX_LEFT_LENGTH) {
      return safe.toString();
    }
    String digest = digest(key);
    String prefix = safe.substring(0, Math.min(safe.length(), MAX_LEFT_LENGTH - 17));
    return (prefix.isEmpty() ? "id" : prefix) + "." + digest.substring(0, 16);
  }

  private static String digest(String key) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
