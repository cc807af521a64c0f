package io.helpdesk.notifier.smtp;

import io.helpdesk.core.model.Limits;
import io.helpdesk.core.notifier.NotificationText;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * The HTML alternative of one mail, in the same words as core's {@link NotificationText} (the plain
 * text alternative), laid out with a table of facts and quoted blocks. Every value may hold
 * untrusted text; {@link #html(String)} escapes all of them.
 *
 * @param greeting the first line ("Hello Kim,")
 * @param intro what happened, in one sentence
 * @param fields short facts shown as a table (label, value)
 * @param blocks longer texts (a description, a comment) shown with their line breaks
 * @param outro a closing sentence, if any
 * @param linkLabel the words of the link
 * @param link where the link points
 */
record MailView(
    String greeting,
    String intro,
    List<Field> fields,
    List<Block> blocks,
    Optional<String> outro,
    String linkLabel,
    URI link) {

  static final String FOOTER = "This is an automatic message from the helpdesk.";

  MailView {
    fields = List.copyOf(fields);
    blocks = List.copyOf(blocks);
  }

  record Field(String label, String value) {}

  record Block(String label, String text) {}

  /** The whole document; {@code subject} (already one line) becomes its title. */
  String html(String subject) {
    StringBuilder out = new StringBuilder();
    out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"UTF-8\">\n")
        .append("<title>")
        .append(Html.escape(subject))
        .append("</title>\n</head>\n")
        .append("<body style=\"font-family: Arial, Helvetica, sans-serif; color: #1f2933;\">\n")
        .append("<p>")
        .append(Html.escape(line(greeting)))
        .append("</p>\n<p>")
        .append(Html.escape(line(intro)))
        .append("</p>\n");
    if (!fields.isEmpty()) {
      out.append("<table role=\"presentation\" cellpadding=\"4\">\n");
      for (Field field : fields) {
        out.append("<tr><th align=\"left\">")
            .append(Html.escape(field.label()))
            .append("</th><td>")
            .append(Html.escape(line(field.value())))
            .append("</td></tr>\n");
      }
      out.append("</table>\n");
    }
    for (Block block : blocks) {
      out.append("<h3>")
          .append(Html.escape(block.label()))
          .append("</h3>\n<blockquote style=\"border-left: 3px solid #cbd2d9; margin: 0;")
          .append(" padding-left: 12px;\">")
          .append(Html.escapeLines(lines(block.text())))
          .append("</blockquote>\n");
    }
    outro.ifPresent(text -> out.append("<p>").append(Html.escape(line(text))).append("</p>\n"));
    out.append("<p><a href=\"")
        .append(Html.escape(link.toString()))
        .append("\">")
        .append(Html.escape(linkLabel))
        .append("</a></p>\n<p style=\"color: #7b8794; font-size: 12px;\">")
        .append(Html.escape(FOOTER))
        .append("</p>\n</body>\n</html>\n");
    return out.toString();
  }

  /** One line of untrusted text: no line breaks, control or format characters. */
  private static String line(String text) {
    return NotificationText.oneLine(text, Limits.MAX_DESCRIPTION_LENGTH);
  }

  /** Untrusted multi-line text: control characters other than line breaks and tabs removed. */
  private static String lines(String text) {
    return Limits.sanitise(text.replace("\r\n", "\n").replace('\r', '\n'), 20_000);
  }
}
