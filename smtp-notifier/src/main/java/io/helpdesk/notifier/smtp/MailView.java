package io.helpdesk.notifier.smtp;

import io.helpdesk.core.model.Limits;
import java.net.URI;
import java.util.List;

/**
 * What one mail says, independent of its format: rendered once as plain text and once as HTML.
 * Values may hold untrusted text; {@link #html()} escapes every one of them.
 *
 * @param subject the subject, before header sanitising
 * @param greeting the first line ("Hello Kim,")
 * @param intro one sentence saying what happened
 * @param fields short facts shown as a table (label, value)
 * @param blocks longer texts (a description, a comment) shown with their line breaks
 * @param linkLabel the words of the link
 * @param link where the link points
 */
record MailView(
    String subject,
    String greeting,
    String intro,
    List<Field> fields,
    List<Block> blocks,
    String linkLabel,
    URI link) {

  static final String FOOTER = "This is an automatic message from the helpdesk.";

  MailView {
    fields = List.copyOf(fields);
    blocks = List.copyOf(blocks);
  }

  record Field(String label, String value) {}

  record Block(String label, String text) {}

  String text() {
    StringBuilder out = new StringBuilder();
    out.append(line(greeting)).append("\n\n").append(line(intro)).append("\n\n");
    for (Field field : fields) {
      out.append(field.label()).append(": ").append(line(field.value())).append('\n');
    }
    for (Block block : blocks) {
      out.append('\n').append(block.label()).append(":\n").append(lines(block.text())).append('\n');
    }
    out.append('\n').append(linkLabel).append(": ").append(link).append("\n\n");
    out.append("-- \n").append(FOOTER).append('\n');
    return out.toString();
  }

  String html() {
    StringBuilder out = new StringBuilder();
    out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"UTF-8\">\n")
        .append("<title>")
        .append(Html.escape(line(subject)))
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
    out.append("<p><a href=\"")
        .append(Html.escape(link.toString()))
        .append("\">")
        .append(Html.escape(linkLabel))
        .append("</a></p>\n<p style=\"color: #7b8794; font-size: 12px;\">")
        .append(Html.escape(FOOTER))
        .append("</p>\n</body>\n</html>\n");
    return out.toString();
  }

  /** One line of untrusted text: no line breaks or control characters. */
  private static String line(String text) {
    return HeaderText.singleLine(text, Limits.MAX_DESCRIPTION_LENGTH);
  }

  /** Untrusted multi-line text: control characters other than line breaks and tabs removed. */
  private static String lines(String text) {
    return Limits.sanitise(text.replace("\r\n", "\n").replace('\r', '\n'), 20_000);
  }
}
