package io.helpdesk.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The repository README's quick start ("Embedding in ten lines") is the marked region of {@link
 * EmbeddingMain}, which {@link EmbeddingMainTest} runs: the two cannot drift apart.
 */
class ReadmeQuickStartTest {
  private static final Path README = Path.of("../README.md");
  private static final Path EXAMPLE =
      Path.of("src/main/java/io/helpdesk/examples/EmbeddingMain.java");
  private static final String HEADING = "## Embedding in ten lines";

  @Test
  @DisplayName("the README's quick start is exactly the marked region of EmbeddingMain")
  void readmeSnippetIsTheExample() throws IOException {
    List<String> region = dedent(region(Files.readAllLines(EXAMPLE)));
    List<String> snippet = readmeSnippet(Files.readAllLines(README));

    assertThat(region).as("the marked region of EmbeddingMain").hasSizeGreaterThan(5);
    assertThat(String.join("\n", snippet))
        .as("README.md, first ```java block under '%s' (copy it from %s)", HEADING, EXAMPLE)
        .isEqualTo(String.join("\n", region));
  }

  private static List<String> region(List<String> lines) {
    int start = indexOf(lines, "// tag::readme[]", 0);
    int end = indexOf(lines, "// end::readme[]", start);
    return lines.subList(start + 1, end);
  }

  private static List<String> readmeSnippet(List<String> lines) {
    int heading = indexOf(lines, HEADING, 0);
    int open = indexOf(lines, "```java", heading);
    int close = indexOf(lines, "```", open + 1);
    return lines.subList(open + 1, close);
  }

  private static int indexOf(List<String> lines, String marker, int from) {
    for (int i = from; i < lines.size(); i++) {
      if (lines.get(i).trim().equals(marker)) {
        return i;
      }
    }
    throw new AssertionError("no line '" + marker + "' after line " + from);
  }

  /** Removes the indentation the region has in the method body. */
  private static List<String> dedent(List<String> lines) {
    int indent =
        lines.stream()
            .filter(line -> !line.isBlank())
            .mapToInt(line -> line.length() - line.stripLeading().length())
            .min()
            .orElse(0);
    List<String> dedented = new ArrayList<>();
    for (String line : lines) {
      dedented.add(line.isBlank() ? "" : line.substring(indent));
    }
    return dedented;
  }
}
