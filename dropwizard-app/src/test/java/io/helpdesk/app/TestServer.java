package io.helpdesk.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.core.Application;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.jetty.HttpConnectorFactory;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.util.Duration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The real application on a real database with random ports, and a small HTTP client that keeps
 * full control of cookies and headers (the JDK's, which also speaks PATCH).
 */
final class TestServer implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  final DropwizardTestSupport<HelpdeskConfiguration> support;
  final String databaseUrl;
  private final HttpClient http = HttpClient.newHttpClient();

  private final java.util.function.IntSupplier port;

  private TestServer(
      DropwizardTestSupport<HelpdeskConfiguration> support,
      String databaseUrl,
      java.util.function.IntSupplier port) {
    this.support = support;
    this.databaseUrl = databaseUrl;
    this.port = port;
  }

  /** A client of a server started elsewhere. */
  static TestServer forPort(int port) {
    return new TestServer(null, null, () -> port);
  }

  /** A configuration like the embedded default's, on this database, with random ports. */
  static HelpdeskConfiguration config(String databaseUrl) {
    HelpdeskConfiguration config = new HelpdeskConfiguration();
    config.getDatabase().setUrl(databaseUrl);
    config.getAuth().setDevSignIn(true);
    config.getAuth().setSecureCookies(false);
    config.setSeedDemoData(true);
    config.getEngine().setPollInterval(Duration.milliseconds(100));
    config.getEngine().setShutdownTimeout(Duration.seconds(5));
    DefaultServerFactory server = (DefaultServerFactory) config.getServerFactory();
    ((HttpConnectorFactory) server.getApplicationConnectors().get(0)).setPort(0);
    ((HttpConnectorFactory) server.getAdminConnectors().get(0)).setPort(0);
    return config;
  }

  static TestServer start(HelpdeskConfiguration config, Clock clock) {
    DropwizardTestSupport<HelpdeskConfiguration> support =
        new DropwizardTestSupport<>(HelpdeskApplication.class, config) {
          @Override
          public Application<HelpdeskConfiguration> newApplication() {
            return new HelpdeskApplication(clock);
          }
        };
    try {
      support.before();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return new TestServer(support, config.getDatabase().getUrl(), support::getLocalPort);
  }

  @Override
  public void close() {
    if (support != null) {
      support.after();
    }
  }

  String base() {
    return "http://localhost:" + port.getAsInt();
  }

  /** One exchange. */
  record Reply(int status, HttpResponse<String> raw) {
    JsonNode json() {
      try {
        return JSON.readTree(raw.body());
      } catch (IOException e) {
        throw new UncheckedIOException(raw.body(), e);
      }
    }

    String contentType() {
      return raw.headers().firstValue("Content-Type").orElse("");
    }

    Optional<String> header(String name) {
      return raw.headers().firstValue(name);
    }

    List<String> setCookies() {
      return raw.headers().allValues("Set-Cookie");
    }
  }

  /** A request builder: method, path, headers, body. */
  final class Call {
    private final String method;
    private final String path;
    private final List<String> headers = new ArrayList<>();
    private String body;

    Call(String method, String path) {
      this.method = method;
      this.path = path;
    }

    Call header(String name, String value) {
      headers.add(name);
      headers.add(value);
      return this;
    }

    /** The value of a header set so far, or null. */
    String headerValue(String name) {
      for (int i = 0; i < headers.size(); i += 2) {
        if (headers.get(i).equalsIgnoreCase(name)) {
          return headers.get(i + 1);
        }
      }
      return null;
    }

    Call as(Identity identity) {
      identity.apply(this);
      return this;
    }

    Call json(String json) {
      this.body = json;
      return header("Content-Type", "application/json");
    }

    Call body(String contentType, String raw) {
      this.body = raw;
      return header("Content-Type", contentType);
    }

    Reply send() {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(base() + path))
              .method(
                  method,
                  body == null
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofString(body));
      for (int i = 0; i < headers.size(); i += 2) {
        request.header(headers.get(i), headers.get(i + 1));
      }
      try {
        HttpResponse<String> response =
            http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  Call call(String method, String path) {
    return new Call(method, path);
  }

  /** Opens {@code GET /api/v1/events} as this identity, with extra headers (name/value pairs). */
  SseStream events(Identity identity, String... extraHeaders) {
    Call call = new Call("GET", "/api/v1/events");
    identity.apply(call);
    List<String> headers = new ArrayList<>(call.headers);
    headers.addAll(List.of(extraHeaders));
    return SseStream.open(http, base() + "/api/v1/events", headers);
  }

  /** How a test caller proves who they are. */
  interface Identity {
    void apply(Call call);

    Identity ANONYMOUS = call -> {};

    static Identity bearer(String token) {
      return call -> call.header("Authorization", "Bearer " + token);
    }

    static Identity session(String cookie, String csrf) {
      return call -> {
        call.header("Cookie", cookie);
        if (csrf != null) {
          call.header("X-CSRF-Token", csrf);
        }
      };
    }
  }

  /** A dev sign-in: the cookie ({@code name=value}) and the CSRF token. */
  record SignedIn(String cookie, String csrf, String memberId) {
    Identity identity() {
      return Identity.session(cookie, csrf);
    }
  }

  SignedIn signIn(String email) {
    Reply reply = call("POST", "/api/v1/dev/sign-in").json("{\"email\":\"" + email + "\"}").send();
    if (reply.status() != 200) {
      throw new IllegalStateException(
          "sign-in failed: " + reply.status() + " " + reply.raw().body());
    }
    String setCookie = reply.setCookies().get(0);
    String cookie = setCookie.substring(0, setCookie.indexOf(';'));
    return new SignedIn(
        cookie, reply.json().get("csrfToken").asText(), reply.json().at("/member/id").asText());
  }

  /** A personal API token of this member (made through a session). */
  String tokenFor(String email) {
    SignedIn session = signIn(email);
    Reply reply =
        call("POST", "/api/v1/me/tokens").as(session.identity()).json("{\"name\":\"test\"}").send();
    if (reply.status() != 201) {
      throw new IllegalStateException("token failed: " + reply.status() + " " + reply.raw().body());
    }
    return reply.json().get("token").asText();
  }

  /** Polls until the supplier returns a value, or fails after the timeout. */
  static <T> T eventually(java.time.Duration timeout, Supplier<Optional<T>> probe) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Optional<T> value = probe.get();
      if (value.isPresent()) {
        return value.get();
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within " + timeout);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  /** A direct connection to the test database, for checks behind the API's back. */
  Connection connect() throws SQLException {
    return DriverManager.getConnection(databaseUrl);
  }
}
