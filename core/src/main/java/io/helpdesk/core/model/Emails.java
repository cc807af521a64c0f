package io.helpdesk.core.model;

import io.helpdesk.core.InvalidInputException;
import java.util.Locale;

/** Email address checks shared by members and notifications. */
public final class Emails {
  // Deliberately simple: one @, no white space or control characters, a dot in the domain with
  // something on both sides. Checked by hand rather than with a regular expression: members are
  // built by the hundred for every assignment decision, and the pattern was a fifth of that cost.
  private static final String FORBIDDEN = "<>,; \"";

  private Emails() {}

  /** Returns the address lower-cased and stripped, or throws for anything that is not one. */
  public static String normalise(String email) {
    if (email == null || email.isBlank()) {
      throw new InvalidInputException("email", "must not be empty");
    }
    String normalised = email.strip().toLowerCase(Locale.ROOT);
    if (normalised.length() > Limits.MAX_EMAIL_LENGTH || !hasShape(normalised)) {
      throw new InvalidInputException("email", "is not an email address");
    }
    return normalised;
  }

  /**
   * True for {@code local@domain.tld}: exactly one {@code @} with something before it, no white
   * space, control character or {@code <>,;"}, and a dot in the domain that is neither its first
   * nor its last character.
   */
  static boolean hasShape(String address) {
    int at = address.indexOf('@');
    if (at < 1 || address.indexOf('@', at + 1) >= 0) {
      return false;
    }
    for (int i = 0; i < address.length(); i++) {
      char c = address.charAt(i);
      // Control characters include the white space other than the blank.
      if (c < 0x20 || c == 0x7F || FORBIDDEN.indexOf(c) >= 0) {
        return false;
      }
    }
    int domain = at + 1;
    int dot = address.indexOf('.', domain + 1);
    return dot > domain && dot < address.length() - 1;
  }
}
