package io.helpdesk.core.model;

import io.helpdesk.core.InvalidInputException;
import java.util.Locale;
import java.util.regex.Pattern;

/** Email address checks shared by members and notifications. */
public final class Emails {
  // Deliberately simple: one @, no white space or control characters, a dot in the domain.
  private static final Pattern SHAPE =
      Pattern.compile(
          "[^@\\s\\p{Cntrl}<>,;\"]+@[^@\\s\\p{Cntrl}<>,;\"]+\\.[^@\\s\\p{Cntrl}<>,;\"]+");

  private Emails() {}

  /** Returns the address lower-cased and stripped, or throws for anything that is not one. */
  public static String normalise(String email) {
    if (email == null || email.isBlank()) {
      throw new InvalidInputException("email", "must not be empty");
    }
    String normalised = email.strip().toLowerCase(Locale.ROOT);
    if (normalised.length() > Limits.MAX_EMAIL_LENGTH || !SHAPE.matcher(normalised).matches()) {
      throw new InvalidInputException("email", "is not an email address");
    }
    return normalised;
  }
}
