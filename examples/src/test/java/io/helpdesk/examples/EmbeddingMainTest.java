package io.helpdesk.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class EmbeddingMainTest {

  @Test
  @DisplayName(
      "embedding in ten lines: the ticket is analysed and assigned to Kim, with the reason")
  void filesAnalysesAndAssigns() throws Exception {
    String printed = Stdout.of(EmbeddingMain::main);

    assertThat(printed.lines()).first().asString().startsWith("analysis: ").contains("kubernetes");
    assertThat(printed).contains("assigned to Kim: matches kubernetes; 0 of 5 open");
    assertThat(printed).containsPattern("analysis: (LOW|MEDIUM|HIGH|URGENT), skills \\[");
  }
}
