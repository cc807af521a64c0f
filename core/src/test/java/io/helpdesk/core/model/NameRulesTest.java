package io.helpdesk.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.helpdesk.core.InvalidInputException;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The email and skill name checks are written by hand for speed; these tests hold them to the
 * regular expressions that define them.
 */
class NameRulesTest {
  private static final Pattern EMAIL =
      Pattern.compile(
          "[^@\\s\\p{Cntrl}<>,;\"]+@[^@\\s\\p{Cntrl}<>,;\"]+\\.[^@\\s\\p{Cntrl}<>,;\"]+");
  private static final Pattern SKILL = Pattern.compile("[a-z0-9][a-z0-9.+#-]*");
  // Every character class the rules tell apart; the second alphabet makes near-misses common.
  private static final String ALPHABET = "ab1.@-+#_ <>,;\"\t\n\u000B\f\r\u0000\u007Fé\u00a0Z";
  private static final String NEAR_MISSES = "a..@@ ";

  @Test
  @DisplayName("an address has one @, something before it and a dot inside the domain")
  void emailExamples() {
    for (String good :
        List.of("a@b.c", "ana.moderator+x@example.co.uk", "é@ü.de", "a@b..c", "a@.b.c")) {
      assertThat(Emails.normalise(good)).as(good).isEqualTo(good);
    }
    assertThat(Emails.normalise("  Ana@Example.COM ")).isEqualTo("ana@example.com");
    for (String bad :
        List.of(
            "@b.c", "a@.c", "a@b.", "a@bc", "a@b@c.d", "a b@c.d", "a@b.c;", "<a@b.c>", "a\t@b.c")) {
      assertThatThrownBy(() -> Emails.normalise(bad))
          .as(bad)
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("email");
    }
  }

  @Test
  @DisplayName("the hand-written checks agree with the patterns on random strings")
  void agreesWithPatterns() {
    Random random = new Random(7);
    for (int n = 0; n < 200_000; n++) {
      String alphabet = n % 2 == 0 ? ALPHABET : NEAR_MISSES;
      StringBuilder text = new StringBuilder();
      int length = random.nextInt(9);
      for (int i = 0; i < length; i++) {
        text.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String candidate = text.toString();
      assertThat(Emails.hasShape(candidate))
          .as("email %s", candidate)
          .isEqualTo(EMAIL.matcher(candidate).matches());
      assertThat(Skill.isNormalised(candidate))
          .as("skill %s", candidate)
          .isEqualTo(SKILL.matcher(candidate).matches());
    }
  }

  @Test
  @DisplayName("a skill name starts with a letter or digit and has no upper case or blanks")
  void skillExamples() {
    for (String good : List.of("api", "c++", "c#", "node.js", "backend-api", "3d")) {
      assertThat(new Skill(good).name()).isEqualTo(good);
    }
    for (String bad : List.of("", "-api", "API", "back end", ".net", "ü")) {
      assertThatThrownBy(() -> new Skill(bad)).as(bad).isInstanceOf(InvalidInputException.class);
    }
  }
}
