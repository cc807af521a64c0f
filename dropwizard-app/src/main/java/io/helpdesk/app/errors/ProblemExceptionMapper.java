package io.helpdesk.app.errors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.helpdesk.app.api.Problem;
import io.helpdesk.core.AccessDeniedException;
import io.helpdesk.core.HelpdeskException;
import io.helpdesk.core.InvalidInputException;
import io.helpdesk.core.InvalidTransitionException;
import io.helpdesk.core.NotFoundException;
import io.helpdesk.core.PortFailureException;
import io.helpdesk.core.TicketConflictException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that turns exceptions into {@code application/problem+json}: each engine exception
 * to one status, JSON parsing errors to 400, JAX-RS errors (404, 405, 406, 413, 415) to their own
 * status, and anything unexpected to a 500 with an id to find it in the log (the detail never shows
 * internals).
 */
public final class ProblemExceptionMapper implements ExceptionMapper<Throwable> {
  private static final Logger log = LoggerFactory.getLogger(ProblemExceptionMapper.class);

  @Override
  public Response toResponse(Throwable exception) {
    return problem(exception).toResponse();
  }

  static Problem problem(Throwable exception) {
    for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
      if (cause instanceof BodySizeLimit.TooLarge tooLarge) {
        return webProblem(tooLarge);
      }
    }
    if (exception instanceof HelpdeskException helpdesk) {
      return engineProblem(helpdesk);
    }
    if (exception instanceof JsonProcessingException json) {
      return jsonProblem(json);
    }
    if (exception instanceof WebApplicationException web) {
      return webProblem(web);
    }
    return unexpected(exception);
  }

  private static Problem engineProblem(HelpdeskException exception) {
    if (exception instanceof InvalidInputException input) {
      return Problem.invalidInput(400, input.field(), input.getMessage());
    }
    if (exception instanceof NotFoundException) {
      return Problem.of(404, "not-found", "Not found", exception.getMessage());
    }
    if (exception instanceof AccessDeniedException) {
      return Problem.of(403, "forbidden", "Forbidden", exception.getMessage());
    }
    if (exception instanceof TicketConflictException) {
      return Problem.of(409, "version-conflict", "Version conflict", exception.getMessage());
    }
    if (exception instanceof InvalidTransitionException) {
      return Problem.of(409, "invalid-transition", "Invalid status change", exception.getMessage());
    }
    if (exception instanceof PortFailureException) {
      log.warn("a dependency is unavailable: {}", exception.getMessage());
      return Problem.of(
          503, "unavailable", "Service unavailable", "a dependency is unavailable; try again");
    }
    return unexpected(exception);
  }

  private static Problem jsonProblem(JsonProcessingException exception) {
    String field = null;
    if (exception instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
      field =
          mapping.getPath().stream()
              .map(
                  reference ->
                      reference.getFieldName() != null
                          ? reference.getFieldName()
                          : "[" + reference.getIndex() + "]")
              .collect(Collectors.joining("."))
              .replace(".[", "[");
    }
    String detail;
    if (exception instanceof UnrecognizedPropertyException unknown) {
      detail = "unknown field '" + unknown.getPropertyName() + "'";
    } else if (exception instanceof InvalidFormatException format) {
      detail =
          "'"
              + format.getValue()
              + "' is not a valid "
              + format.getTargetType().getSimpleName()
              + allowedValues(format.getTargetType());
    } else if (exception instanceof JsonMappingException) {
      detail = "a value has the wrong type or shape";
    } else {
      detail = "the body is not valid JSON";
    }
    return field == null
        ? Problem.of(400, "malformed-body", "Malformed request body", detail)
        : Problem.invalidInput(400, field, detail);
  }

  private static String allowedValues(Class<?> type) {
    if (type.isEnum()) {
      Object[] constants = type.getEnumConstants();
      StringBuilder allowed = new StringBuilder(" (one of ");
      for (int i = 0; i < constants.length; i++) {
        allowed.append(i == 0 ? "" : ", ").append(constants[i]);
      }
      return allowed.append(')').toString();
    }
    return "";
  }

  private static Problem webProblem(WebApplicationException exception) {
    int status = exception.getResponse().getStatus();
    if (status >= 500) {
      return unexpected(exception);
    }
    Response.Status known = Response.Status.fromStatusCode(status);
    String title = known == null ? "Error" : known.getReasonPhrase();
    String detail =
        switch (status) {
          case 404 -> "no such resource";
          case 405 -> "method not allowed here";
          case 406 -> "this resource answers with application/json";
          case 413 -> exception.getMessage();
          case 415 -> "send the body as application/json";
          default -> exception.getMessage();
        };
    return Problem.ofTitle(status, title, detail);
  }

  private static Problem unexpected(Throwable exception) {
    String id = UUID.randomUUID().toString();
    log.error("unexpected error {}", id, exception);
    return Problem.of(500, "internal", "Internal error", "unexpected error; reference " + id);
  }
}
