package io.helpdesk.core.model;

import io.helpdesk.core.InvalidInputException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A normalised skill name: lower case, words joined by single hyphens ({@code "Backend API"} and
 * {@code "backend_api"} both become {@code backend-api}). Whether a name is a <em>known</em> skill
 * is the {@link SkillTaxonomy}'s business.
 */
public record Skill(String name) implements Comparable<Skill> {
  public static final int MAX_LENGTH = 64;
  private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9.+#-]*");

  public Skill {
    if (name == null || name.length() > MAX_LENGTH || !VALID.matcher(name).matches()) {
      throw new InvalidInputException("skill", "not a normalised skill name: " + name);
    }
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
