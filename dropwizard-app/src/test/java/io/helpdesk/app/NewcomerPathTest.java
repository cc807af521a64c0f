package io.helpdesk.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A newcomer's path on the embedded default ({@code server} without a file): sign in as a demo
 * requester, file a ticket, see it analysed and assigned within seconds; a second start reuses the
 * data.
 */
class NewcomerPathTest {
  @TempDir Path directory;

  private DropwizardTestSupport<HelpdeskConfiguration> embeddedDefault() {
    return new DropwizardTestSupport<>(
        HelpdeskApplication.class,
        (String) null,
        ConfigOverride.config(
            "database.url",
            "jdbc:h2:file:"
                + directory.resolve("helpdesk").toAbsolutePath()
                + ";MODE=PostgreSQL;LOCK_TIMEOUT=10000"),
        ConfigOverride.config("server.applicationConnectors[0].port", "0"),
        ConfigOverride.config("server.adminConnectors[0].port", "0"),
        ConfigOverride.config("engine.pollInterval", "100ms"));
  }

  @Test
  @DisplayName("start with no config, sign in as a demo requester, file a ticket, see it assigned")
  void newcomerPath() throws Exception {
    DropwizardTestSupport<HelpdeskConfiguration> first = embeddedDefault();
    first.before();
    int members;
    try {
      HelpdeskConfiguration config = first.getConfiguration();
      assertThat(config.getAuth().isDevSignIn()).isTrue();
      assertThat(config.getSmtp()).isEmpty();
      Client client = new Client(first.getLocalPort());

      JsonNode demoMembers = client.get("/api/v1/dev/members").json();
      members = demoMembers.size();
      assertThat(members).isGreaterThan(5);

      TestServer.SignedIn riley = client.server.signIn("riley@example.com");
      TestServer.Reply created =
          client
              .server
              .call("POST", "/api/v1/tickets")
              .as(riley.identity())
              .json(
                  "{\"title\":\"Cannot sign in with SSO\",\"description\":\"Login with our"
                      + " Google SSO fails with an error page since this morning.\"}")
              .send();
      assertThat(created.status()).isEqualTo(201);
      String ticketId = created.json().get("id").asText();

      JsonNode assigned =
          TestServer.eventually(
              Duration.ofSeconds(20),
              () -> {
                JsonNode ticket =
                    client
                        .server
                        .call("GET", "/api/v1/tickets/" + ticketId)
                        .as(riley.identity())
                        .send()
                        .json()
                        .get("ticket");
                return ticket.get("assignment").isNull() ? Optional.empty() : Optional.of(ticket);
              });
      assertThat(assigned.at("/analysis/skills").toString()).contains("authentication");
      assertThat(assigned.at("/analysis/producedBy").asText()).isEqualTo("keyword");
      assertThat(assigned.at("/assignment/assigneeId").asText()).isNotBlank();

      JsonNode mailbox =
          TestServer.eventually(
              Duration.ofSeconds(10),
              () -> {
                JsonNode messages =
                    client
                        .server
                        .call("GET", "/api/v1/dev/mailbox")
                        .as(riley.identity())
                        .send()
                        .json();
                for (JsonNode message : messages) {
                  if (message.get("ticketId").asText().equals(ticketId)) {
                    return Optional.of(messages);
                  }
                }
                return Optional.empty();
              });
      assertThat(mailbox.toString()).contains("ticket-assigned");
    } finally {
      first.after();
    }

    DropwizardTestSupport<HelpdeskConfiguration> second = embeddedDefault();
    second.before();
    try {
      Client client = new Client(second.getLocalPort());
      assertThat(client.get("/api/v1/dev/members").json().size()).isEqualTo(members);
      TestServer.SignedIn admin = client.server.signIn("admin@example.com");
      JsonNode all =
          client.server.call("GET", "/api/v1/tickets?limit=200").as(admin.identity()).send().json();
      // five demo tickets and the newcomer's: seeded once, not again
      assertThat(all.get("items").size()).isEqualTo(6);
    } finally {
      second.after();
    }
  }

  /** A client bound to a server started by a DropwizardTestSupport. */
  private static final class Client {
    final TestServer server;

    Client(int port) {
      this.server = TestServer.forPort(port);
    }

    TestServer.Reply get(String path) {
      return server.call("GET", path).send();
    }
  }
}
