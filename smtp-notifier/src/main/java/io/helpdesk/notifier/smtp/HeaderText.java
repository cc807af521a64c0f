package io.helpdesk.notifier.smtp;

/**
 * Makes untrusted text safe for a header (a subject, a display name): line breaks, control and
 * format characters become spaces, runs of white space collapse, and the result is cut to a length
 * that keeps headers readable. Encoding (RFC 2047) is left to Jakarta Mail.
 */
final class HeaderText {
  static final int MAX_SUBJECT_LENGTH = 160;
  static final int MAX_NAME_LENGTH = 100;

  private HeaderText() {}

  static String singleLine(String text, int maxLength) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(Math.min(text.length(), maxLength + 1));
    boolean pendingSpace = false;
    for (int i = 0; i < text.length(); ) {
      int codePoint = text.codePointAt(i);
      i += Character.charCount(codePoint);
      if (isBreaking(codePoint)) {
        pendingSpace = out.length() > 0;
        continue;
      }
      if (pendingSpace) {
        out.append(' ');
        pendingSpace = false;
      }
      if (out.length() + Character.charCount(codePoint) > maxLength) {
        return out.toString().strip() + "\u2026";
      }
      out.appendCodePoint(codePoint);
    }
    return out.toString();
  }

  private static boolean isBreaking(int codePoint) {
    if (Character.isISOControl(codePoint) || Character.isWhitespace(codePoint)) {
      return true;
    }
    int type = Character.getType(codePoint);
    return type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR
        || type == Character.SPACE_SEPARATOR
        || type == Character.FORMAT;
  }
}
