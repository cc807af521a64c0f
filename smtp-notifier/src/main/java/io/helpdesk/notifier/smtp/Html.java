package io.helpdesk.notifier.smtp;

/** The one HTML escaper of this module: everything untrusted passes through it. */
final class Html {
  private Html() {}

  /** Escapes text for element content and quoted attribute values. */
  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> {
          if (!Character.isISOControl(c) || c == '\n' || c == '\t') {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }

  /** Escapes multi-line text and keeps its line breaks as {@code <br>}. */
  static String escapeLines(String text) {
    String normalised = text.replace("\r\n", "\n").replace('\r', '\n');
    return escape(normalised).replace("\n", "<br>\n");
  }
}
