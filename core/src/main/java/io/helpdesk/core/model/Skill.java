package io.helpdesk.core.model;

import io.helpdesk.core.InvalidInputException;
import java.util.Locale;

/**
 * A normalised skill name: lower case, words joined by single hyphens ({@code "Backend API"} and
 * {@code "backend_api"} both become {@code backend-api}). Whether a name is a <em>known</em> skill
 * is the {@link SkillTaxonomy}'s business.
 */
public record Skill(String name) implements Comparable<Skill> {
  public static final int MAX_LENGTH = 64;

  public Skill {
    if (name == null || name.length() > MAX_LENGTH || !isNormalised(name)) {
      throw new InvalidInputException("skill", "not a normalised skill name: " + name);
    }
  }

  /**
   * True for a lower-case letter or digit followed by letters, digits and {@code .+#-} (checked by
   * hand: skills are built for every member and ticket read, and a pattern cost more than the
   * rest).
   */
  static boolean isNormalised(String name) {
    if (name.isEmpty() || !letterOrDigit(name.charAt(0))) {
      return false;
    }
    for (int i = 1; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!letterOrDigit(c) && c != '.' && c != '+' && c != '#' && c != '-') {
        return false;
      }
    }
    return true;
  }

  private static boolean letterOrDigit(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  }

  /** Normalises free text into a skill name. */
  public static Skill of(String text) {
    return new Skill(normalise(text));
  }

  static String normalise(String text) {
    if (text == null) {
      throw new InvalidInputException("skill", "must not be empty");
    }
    String lower = text.strip().toLowerCase(Locale.ROOT);
    String joined = lower.replaceAll("[\\s_/]+", "-").replaceAll("-{2,}", "-");
    return joined.replaceAll("^-|-$", "");
  }

  @Override
  public int compareTo(Skill other) {
    return name.compareTo(other.name);
  }

  @Override
  public String toString() {
    return name;
  }
}
