package io.helpdesk.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import io.helpdesk.app.TestServer.Identity;
import io.helpdesk.app.auth.Public;
import io.helpdesk.app.config.OidcSettings;
import io.helpdesk.app.resources.OpenApiResource;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.glassfish.jersey.model.Parameter.Source;
import org.glassfish.jersey.server.model.Parameter;
import org.glassfish.jersey.server.model.Resource;
import org.glassfish.jersey.server.model.ResourceMethod;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenAPI document against the real application: the same operations as the registered
 * resources, the same path, query and header parameters, public exactly where the resources are
 * public, schemas with the properties their classes serialise to, and live answers that fit their
 * schemas.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiDocumentTest {
  @TempDir static Path directory;
  private TestServer server;
  private JsonNode served;
  private final JsonNode written = OpenApiResource.load();

  /**
   * What a resource method declares: its parameters, whether it is public, and whether it reads the
   * raw query itself (through {@code UriInfo}), in which case it may document query parameters it
   * does not declare.
   */
  private record Operation(Set<String> parameters, boolean isPublic, boolean readsRawQuery) {}

  /**
   * Operations served by servlets beside Jersey, which the resource model cannot list: each is also
   * checked live below.
   */
  private static final Map<String, Operation> SERVLET_OPERATIONS =
      Map.of("GET /api/v1/events", new Operation(Set.of("header:Last-Event-ID"), false, false));

  @BeforeAll
  void start() {
    HelpdeskConfiguration config = TestServer.config(TestDatabases.h2(directory).url());
    // with OIDC configured, so that its resources are registered too (discovery is lazy)
    OidcSettings oidc = new OidcSettings();
    oidc.setClientId("openapi-test.apps.example.com");
    oidc.setClientSecret("not-used");
    config.getAuth().setOidc(oidc);
    server = TestServer.start(config, Clock.systemUTC());
    TestServer.Reply reply = server.call("GET", "/api/v1/openapi.json").send();
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.contentType()).startsWith("application/json");
    served = reply.json();
  }

  @AfterAll
  void stop() {
    server.close();
  }

  @Test
  void servedToAnyoneAsOpenApi31WithoutTheTestLinks() {
    assertThat(served.path("openapi").asText()).isEqualTo("3.1.0");
    assertThat(served.toString()).doesNotContain("x-java-type");
    assertThat(served.path("paths").size()).isEqualTo(written.path("paths").size());
  }

  @Test
  void documentsExactlyTheOperationsTheServerHas() {
    Map<String, Operation> real = realOperations();
    Map<String, Operation> documented = documentedOperations();
    assertThat(documented.keySet())
        .as("operations in openapi.yaml vs the registered resources")
        .containsExactlyInAnyOrderElementsOf(real.keySet());
    for (Map.Entry<String, Operation> entry : real.entrySet()) {
      Operation doc = documented.get(entry.getKey());
      if (entry.getValue().readsRawQuery()) {
        assertThat(doc.parameters())
            .as("parameters of %s", entry.getKey())
            .containsAll(entry.getValue().parameters())
            .allMatch(
                parameter ->
                    parameter.startsWith("query:")
                        || entry.getValue().parameters().contains(parameter));
      } else {
        assertThat(doc.parameters())
            .as("parameters of %s", entry.getKey())
            .containsExactlyInAnyOrderElementsOf(entry.getValue().parameters());
      }
      assertThat(doc.isPublic())
          .as("%s is public (security: []) exactly when the resource is @Public", entry.getKey())
          .isEqualTo(entry.getValue().isPublic());
    }
  }

  @Test
  void everySchemaMatchesTheClassItIsWrittenFrom() throws Exception {
    ObjectMapper json = server.support.getEnvironment().getObjectMapper();
    List<String> checked = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = schemas().fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> schema = it.next();
      String javaType = schema.getValue().path("x-java-type").asText(null);
      assertThat(javaType).as("schema %s names its x-java-type", schema.getKey()).isNotNull();
      Class<?> type = Class.forName(javaType);
      if (type.isEnum()) {
        Set<String> constants =
            Arrays.stream(type.getEnumConstants())
                .map(value -> ((Enum<?>) value).name())
                .collect(Collectors.toSet());
        assertThat(strings(schema.getValue().path("enum")))
            .as("values of %s", schema.getKey())
            .containsExactlyInAnyOrderElementsOf(constants);
      } else {
        JavaType javaTypeOf = json.constructType(type);
        Set<String> properties =
            json.getSerializationConfig().introspect(javaTypeOf).findProperties().stream()
                .map(BeanPropertyDefinition::getName)
                .collect(Collectors.toSet());
        Set<String> documented = new TreeSet<>();
        schema.getValue().path("properties").fieldNames().forEachRemaining(documented::add);
        assertThat(documented)
            .as("properties of %s (%s)", schema.getKey(), javaType)
            .containsExactlyInAnyOrderElementsOf(properties);
      }
      checked.add(schema.getKey());
    }
    assertThat(checked).contains("Ticket", "Problem", "Analytics", "TicketStatus");
  }

  @Test
  void everyReferenceResolves() {
    List<String> refs = new ArrayList<>();
    collectRefs(written, refs);
    assertThat(refs).isNotEmpty();
    for (String ref : refs) {
      assertThat(resolve(ref)).as(ref).isNotNull();
    }
  }

  @Test
  void liveAnswersFitTheirSchemas() {
    Identity admin = Identity.bearer(server.tokenFor("admin@example.com"));
    JsonNode created =
        server
            .call("POST", "/api/v1/tickets")
            .as(admin)
            .json(
                "{\"title\":\"VPN drops every hour\",\"description\":\"Since Monday the VPN"
                    + " disconnects.\",\"requestedPriority\":\"HIGH\"}")
            .send()
            .json();
    assertFits(created, "Ticket");
    String id = created.get("id").asText();
    TestServer.eventually(
        Duration.ofSeconds(20),
        () -> {
          JsonNode ticket =
              server.call("GET", "/api/v1/tickets/" + id).as(admin).send().json().get("ticket");
          return ticket.get("assignment").isNull() && !ticket.get("needsTriage").asBoolean()
              ? Optional.empty()
              : Optional.of(ticket);
        });
    server
        .call("POST", "/api/v1/tickets/" + id + "/notes")
        .as(admin)
        .json("{\"body\":\"Checked the concentrator.\"}")
        .send();

    assertFits(get(admin, "/api/v1/tickets/" + id), "TicketDetails");
    assertFits(get(admin, "/api/v1/tickets?limit=5"), "TicketPage");
    assertFits(get(admin, "/api/v1/admin/triage"), "TicketPage");
    assertFits(get(admin, "/api/v1/tickets/" + id + "/assignment-preview"), "Preview");
    assertFits(get(admin, "/api/v1/me"), "Me");
    assertFits(server.call("GET", "/api/v1/auth/config").send().json(), "SignInMethods");
    assertFits(get(admin, "/api/v1/analytics?days=7"), "Analytics");
    for (JsonNode member : get(admin, "/api/v1/members")) {
      assertFits(member, "Member");
    }
    for (JsonNode token : get(admin, "/api/v1/me/tokens")) {
      assertFits(token, "Token");
    }
    for (JsonNode message : get(admin, "/api/v1/dev/mailbox")) {
      assertFits(message, "MailboxMessage");
    }
    assertFits(server.call("GET", "/api/v1/tickets/not-an-id").as(admin).send().json(), "Problem");
    assertFits(server.call("GET", "/api/v1/events").send().json(), "Problem");
    assertFits(firstStreamedEvent(admin, get(admin, "/api/v1/tickets/" + id)), "TicketEvent");
    assertFits(server.call("GET", "/api/v1/me").send().json(), "Problem");
  }

  /**
   * Replays the ticket's history from just before its first event and returns the first event's
   * {@code data}, read from the live stream.
   */
  private JsonNode firstStreamedEvent(Identity who, JsonNode details) {
    long firstEventId = details.get("history").get(0).get("id").asLong();
    try (SseStream stream = server.events(who, "Last-Event-ID", Long.toString(firstEventId - 1))) {
      assertThat(stream.status()).isEqualTo(200);
      assertThat(stream.headers().firstValue("Content-Type").orElse(""))
          .startsWith("text/event-stream");
      return stream.await(event -> true, Duration.ofSeconds(20)).json();
    }
  }

  // --- the real resources -------------------------------------------------------------------

  private Map<String, Operation> realOperations() {
    Map<String, Operation> operations = new TreeMap<>();
    var config = server.support.getEnvironment().jersey().getResourceConfig();
    List<Class<?>> classes = new ArrayList<>(config.getClasses());
    config.getInstances().forEach(instance -> classes.add(instance.getClass()));
    for (Class<?> type : classes) {
      if (type.isAnnotationPresent(jakarta.ws.rs.Path.class)) {
        collect(Resource.from(type), "", type, operations);
      }
    }
    assertThat(operations).as("resources found").hasSizeGreaterThan(20);
    operations.putAll(SERVLET_OPERATIONS);
    return operations;
  }

  private static void collect(
      Resource resource, String parent, Class<?> type, Map<String, Operation> out) {
    String path = join(parent, resource.getPath());
    for (ResourceMethod method : resource.getResourceMethods()) {
      Set<String> parameters = new TreeSet<>();
      boolean readsRawQuery = false;
      for (Parameter parameter : method.getInvocable().getParameters()) {
        Source source = parameter.getSource();
        if (source == Source.PATH || source == Source.QUERY || source == Source.HEADER) {
          parameters.add(source.name().toLowerCase() + ":" + parameter.getSourceName());
        }
        readsRawQuery |= parameter.getRawType() == jakarta.ws.rs.core.UriInfo.class;
      }
      boolean isPublic =
          type.isAnnotationPresent(Public.class)
              || method.getInvocable().getHandlingMethod().isAnnotationPresent(Public.class);
      out.put(
          method.getHttpMethod() + " " + path, new Operation(parameters, isPublic, readsRawQuery));
    }
    for (Resource child : resource.getChildResources()) {
      collect(child, path, type, out);
    }
  }

  private static String join(String parent, String path) {
    String joined = (parent + "/" + (path == null ? "" : path)).replaceAll("/+", "/");
    return joined.length() > 1 && joined.endsWith("/")
        ? joined.substring(0, joined.length() - 1)
        : joined;
  }

  // --- the document ---------------------------------------------------------------------------

  private Map<String, Operation> documentedOperations() {
    Map<String, Operation> operations = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> paths = written.path("paths").fields();
        paths.hasNext(); ) {
      Map.Entry<String, JsonNode> path = paths.next();
      for (Iterator<Map.Entry<String, JsonNode>> methods = path.getValue().fields();
          methods.hasNext(); ) {
        Map.Entry<String, JsonNode> method = methods.next();
        Set<String> parameters = new TreeSet<>();
        for (JsonNode parameter : method.getValue().path("parameters")) {
          JsonNode resolved =
              parameter.has("$ref") ? resolve(parameter.get("$ref").asText()) : parameter;
          parameters.add(resolved.get("in").asText() + ":" + resolved.get("name").asText());
        }
        JsonNode security = method.getValue().get("security");
        boolean isPublic = security != null && security.isArray() && security.isEmpty();
        operations.put(
            method.getKey().toUpperCase() + " " + path.getKey(),
            new Operation(parameters, isPublic, false));
      }
    }
    return operations;
  }

  private JsonNode schemas() {
    return written.path("components").path("schemas");
  }

  private JsonNode resolve(String ref) {
    assertThat(ref).startsWith("#/");
    JsonNode node = written;
    for (String part : ref.substring(2).split("/")) {
      node = node.get(part);
      if (node == null) {
        return null;
      }
    }
    return node;
  }

  private static void collectRefs(JsonNode node, List<String> out) {
    if (node.has("$ref")) {
      out.add(node.get("$ref").asText());
    }
    node.elements().forEachRemaining(child -> collectRefs(child, out));
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(value -> values.add(value.asText()));
    return values;
  }

  // --- a small validator: enough of JSON Schema for this document -----------------------------

  private JsonNode get(Identity who, String path) {
    TestServer.Reply reply = server.call("GET", path).as(who).send();
    assertThat(reply.status()).as("GET %s", path).isEqualTo(200);
    return reply.json();
  }

  private void assertFits(JsonNode value, String schemaName) {
    List<String> errors = new ArrayList<>();
    check(value, schemas().get(schemaName), schemaName, errors);
    assertThat(errors).as("a live answer against schema %s", schemaName).isEmpty();
  }

  private void check(JsonNode value, JsonNode schema, String where, List<String> errors) {
    if (schema.has("$ref")) {
      check(value, resolve(schema.get("$ref").asText()), where, errors);
      return;
    }
    if (schema.has("oneOf")) {
      int fitting = 0;
      for (JsonNode option : schema.get("oneOf")) {
        List<String> optionErrors = new ArrayList<>();
        check(value, option, where, optionErrors);
        fitting += optionErrors.isEmpty() ? 1 : 0;
      }
      if (fitting != 1) {
        errors.add(where + ": fits " + fitting + " of the oneOf options");
      }
      return;
    }
    Set<String> types = new TreeSet<>();
    JsonNode type = schema.path("type");
    if (type.isArray()) {
      type.forEach(t -> types.add(t.asText()));
    } else if (type.isTextual()) {
      types.add(type.asText());
    }
    if (!types.isEmpty() && !types.contains(typeOf(value))) {
      if (!(types.contains("number") && typeOf(value).equals("integer"))) {
        errors.add(where + ": is " + typeOf(value) + ", schema says " + types);
        return;
      }
    }
    if (schema.has("enum") && !strings(schema.get("enum")).contains(value.asText())) {
      errors.add(where + ": " + value + " is not one of " + schema.get("enum"));
    }
    if (value.isObject()) {
      JsonNode properties = schema.path("properties");
      for (JsonNode required : schema.path("required")) {
        if (!value.has(required.asText())) {
          errors.add(where + ": missing required " + required.asText());
        }
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        JsonNode fieldSchema =
            properties.has(field.getKey())
                ? properties.get(field.getKey())
                : schema.get("additionalProperties");
        if (fieldSchema == null) {
          errors.add(where + ": undocumented property " + field.getKey());
        } else {
          check(field.getValue(), fieldSchema, where + "." + field.getKey(), errors);
        }
      }
    }
    if (value.isArray() && schema.has("items")) {
      int index = 0;
      for (JsonNode item : value) {
        check(item, schema.get("items"), where + "[" + index++ + "]", errors);
      }
    }
  }

  private static String typeOf(JsonNode value) {
    if (value.isNull()) {
      return "null";
    }
    if (value.isIntegralNumber()) {
      return "integer";
    }
    if (value.isNumber()) {
      return "number";
    }
    if (value.isTextual()) {
      return "string";
    }
    if (value.isBoolean()) {
      return "boolean";
    }
    return value.isArray() ? "array" : "object";
  }
}
