package io.helpdesk.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class WebhookExampleMainTest {

  @Test
  @DisplayName(
      "the kubernetes team takes turns, the database ticket goes to Dora, every webhook is signed")
  void roundRobinAndSignedWebhooks() throws Exception {
    List<String> lines = Stdout.of(WebhookExampleMain::main).lines().toList();

    assertThat(lines.subList(0, 4))
        .satisfiesExactly(
            line ->
                assertThat(line)
                    .startsWith(
                        "Pods crash-loop after helm upgrade -> Ana: next in turn in the kubernetes team (2 available), never assigned"),
            line ->
                assertThat(line)
                    .startsWith(
                        "Kubernetes node not ready -> Ben: next in turn in the kubernetes team (2 available), never assigned"),
            line ->
                assertThat(line)
                    .startsWith(
                        "kubectl rollout is stuck -> Ana: next in turn in the kubernetes team (2 available), last assigned"),
            line ->
                assertThat(line)
                    .startsWith(
                        "Slow SQL query on the orders table -> Dora: next in turn in the database team (1 available)"));
    List<String> webhooks = lines.stream().filter(line -> line.startsWith("webhook ")).toList();
    assertThat(webhooks)
        .hasSize(4)
        .allMatch(line -> line.startsWith("webhook ticket-assigned (signature ok) {"));
    assertThat(webhooks.get(3)).contains("\"email\":\"dora@example.com\"", "Slow SQL query");
  }
}
