package io.helpdesk.examples.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helpdesk.core.spi.Notifier;
import io.helpdesk.testkit.DeliveredMessage;
import io.helpdesk.testkit.NotifierContractTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;

@DisplayName("webhook notifier passes the notifier contract (local HTTP receiver)")
class WebhookNotifierContractTest extends NotifierContractTest {
  static final String SECRET = "contract-test-secret-0123456789";
  private static final ObjectMapper JSON = new ObjectMapper();

  private WebhookReceiver receiver;

  @Override
  protected Notifier createNotifier() {
    receiver = WebhookReceiver.start(SECRET, Clock.systemUTC());
    return WebhookNotifier.create(
        WebhookConfig.builder(receiver.url().toString(), SECRET)
            .webBaseUrl("https://help.example.com")
            .build());
  }

  @Override
  protected Optional<Notifier> createUnreachableNotifier() {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Optional.of(
        WebhookNotifier.create(
            WebhookConfig.builder("http://127.0.0.1:" + closedPort + "/hooks", SECRET).build()));
  }

  /** What reached the receiver with a valid signature, read from the JSON as a receiver would. */
  @Override
  protected List<DeliveredMessage> delivered() {
    return receiver.received().stream()
        .filter(WebhookReceiver.Received::authentic)
        .map(WebhookNotifierContractTest::asDelivered)
        .toList();
  }

  @AfterEach
  void stopReceiver() {
    receiver.close();
  }

  private static DeliveredMessage asDelivered(WebhookReceiver.Received received) {
    try {
      JsonNode event = JSON.readTree(received.body());
      return new DeliveredMessage(
          event.path("recipient").path("email").asText(),
          event.path("subject").asText(),
          event.path("text").asText(),
          Optional.ofNullable(received.idempotencyKey()));
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + received.body(), e);
    }
  }
}
