package io.helpdesk.app.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.helpdesk.app.auth.Public;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;

/**
 * The OpenAPI 3.1 document of the whole API, at {@code /api/v1/openapi.json}. It is written by hand
 * (in {@code io/helpdesk/app/api/openapi.yaml}, where it reads best) and checked against the real
 * resources by a test, so it cannot drift from them.
 */
@Path("/api/v1/openapi.json")
@Public
@Produces(MediaType.APPLICATION_JSON)
public final class OpenApiResource {
  /** Where the document lives on the class path. */
  public static final String LOCATION = "/io/helpdesk/app/api/openapi.yaml";

  /** The {@code x-java-type} extensions link schemas to classes for the test; not for clients. */
  private static final String JAVA_TYPE = "x-java-type";

  private final JsonNode document;

  public OpenApiResource() {
    this.document = withoutJavaTypes(load());
  }

  /** The document as written, with its {@code x-java-type} links. */
  public static JsonNode load() {
    try (InputStream in = OpenApiResource.class.getResourceAsStream(LOCATION)) {
      if (in == null) {
        throw new IllegalStateException("missing " + LOCATION);
      }
      return new YAMLMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + LOCATION, e);
    }
  }

  @GET
  public Response document() {
    CacheControl cache = new CacheControl();
    cache.setMaxAge(300);
    return Response.ok(document).cacheControl(cache).build();
  }

  private static JsonNode withoutJavaTypes(JsonNode document) {
    JsonNode copy = document.deepCopy();
    JsonNode schemas = copy.path("components").path("schemas");
    for (Iterator<Map.Entry<String, JsonNode>> it = schemas.fields(); it.hasNext(); ) {
      JsonNode schema = it.next().getValue();
      if (schema instanceof ObjectNode object) {
        object.remove(JAVA_TYPE);
      }
    }
    return copy;
  }
}
