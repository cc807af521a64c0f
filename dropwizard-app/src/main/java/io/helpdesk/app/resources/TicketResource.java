package io.helpdesk.app.resources;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helpdesk.app.api.PageView;
import io.helpdesk.app.api.PreviewView;
import io.helpdesk.app.api.Problem;
import io.helpdesk.app.api.Requests;
import io.helpdesk.app.api.TicketDetailsView;
import io.helpdesk.app.api.TicketView;
import io.helpdesk.app.auth.Caller;
import io.helpdesk.app.db.IdempotencyStore;
import io.helpdesk.app.db.Secrets;
import io.helpdesk.core.HelpdeskEngine;
import io.helpdesk.core.InvalidInputException;
import io.helpdesk.core.model.Comment;
import io.helpdesk.core.model.NewTicket;
import io.helpdesk.core.model.Priority;
import io.helpdesk.core.model.Ticket;
import io.helpdesk.core.model.TicketId;
import io.helpdesk.core.model.TicketQuery;
import io.helpdesk.core.model.TicketSort;
import io.helpdesk.core.model.TicketStatus;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriBuilder;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/** Tickets: file, list, read, work on. The engine decides who may do what. */
@Path("/api/v1/tickets")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class TicketResource {
  public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
  private static final Pattern VALID_KEY = Pattern.compile("[\\x21-\\x7e]{1,200}");

  private final HelpdeskEngine engine;
  private final IdempotencyStore idempotency;
  private final ObjectMapper json;
  private final Clock clock;

  public TicketResource(
      HelpdeskEngine engine, IdempotencyStore idempotency, ObjectMapper json, Clock clock) {
    this.engine = engine;
    this.idempotency = idempotency;
    this.json = json;
    this.clock = clock;
  }

  @POST
  public Response create(
      @Context SecurityContext security,
      @HeaderParam(IDEMPOTENCY_KEY) String key,
      Requests.CreateTicket body) {
    Caller caller = Caller.of(security);
    NewTicket draft = draft(Params.requireBody(body));
    if (key == null) {
      return created(TicketView.of(engine.createTicket(caller.id(), draft)));
    }
    if (!VALID_KEY.matcher(key).matches()) {
      throw new InvalidInputException(IDEMPOTENCY_KEY, "must be 1 to 200 visible ASCII characters");
    }
    String requestHash = Secrets.hash(write(body));
    IdempotencyStore.Claim claim =
        idempotency.claim(caller.id(), key, requestHash, clock.instant());
    if (claim instanceof IdempotencyStore.Claim.Replay replay) {
      return Response.status(replay.status())
          .entity(read(replay.body()))
          .header("Idempotent-Replayed", "true")
          .build();
    }
    if (claim instanceof IdempotencyStore.Claim.Mismatch) {
      return Problem.of(
              422,
              "idempotency-key-reused",
              "Idempotency key reused",
              "this Idempotency-Key was used with a different request body")
          .toResponse();
    }
    if (claim instanceof IdempotencyStore.Claim.InProgress) {
      return Problem.of(
              409,
              "idempotency-key-in-use",
              "Request in progress",
              "a request with this Idempotency-Key is still running; retry shortly")
          .toResponse();
    }
    try {
      // The ticket's id follows from the member and the key: when a first attempt died after its
      // claim (TakenOver) - or is merely slow and commits late - the ticket is filed at most once.
      TicketView view =
          TicketView.of(engine.createTicketOnce(caller.id(), draft, ticketIdFor(caller, key)));
      idempotency.complete(caller.id(), key, 201, write(view));
      return created(view);
    } catch (RuntimeException e) {
      idempotency.release(caller.id(), key);
      throw e;
    }
  }

  /**
   * The id of the ticket a member's request with this idempotency key files (a name-based UUID).
   */
  static TicketId ticketIdFor(Caller caller, String key) {
    return new TicketId(
        UUID.nameUUIDFromBytes(
            ("helpdesk-ticket:" + caller.id() + ":" + key).getBytes(StandardCharsets.UTF_8)));
  }

  @GET
  public PageView<TicketView> list(
      @Context SecurityContext security,
      @QueryParam("status") List<String> statuses,
      @QueryParam("priority") List<String> priorities,
      @QueryParam("assignee") String assignee,
      @QueryParam("requester") String requester,
      @QueryParam("q") String text,
      @QueryParam("triage") String triage,
      @QueryParam("sort") String sort,
      @QueryParam("cursor") String cursor,
      @QueryParam("limit") String limit) {
    Caller caller = Caller.of(security);
    // PostgreSQL refuses NUL in text: without this check "?q=%00" answered 503
    if (text != null && text.chars().anyMatch(Character::isISOControl)) {
      throw new InvalidInputException("q", "must not contain control characters");
    }
    TicketQuery.Builder query =
        TicketQuery.builder()
            .statuses(Params.enumSet("status", statuses, TicketStatus.class))
            .priorities(Params.enumSet("priority", priorities, Priority.class))
            .text(text);
    if (assignee != null && !assignee.isBlank()) {
      query.assignee(Params.memberId("assignee", assignee));
    }
    if (requester != null && !requester.isBlank()) {
      query.requester(Params.memberId("requester", requester));
    }
    Params.optionalBoolean("triage", triage).ifPresent(query::needsTriage);
    Params.optionalEnum("sort", sort, TicketSort.class).ifPresent(query::sort);
    Params.optionalInt("limit", limit, 1, io.helpdesk.core.model.Limits.MAX_PAGE_SIZE)
        .ifPresent(query::limit);
    query.cursor(cursor);
    var page = engine.tickets(caller.id(), query.build());
    return new PageView<>(
        page.items().stream().map(TicketView::of).toList(), page.nextCursor().orElse(null));
  }

  @GET
  @Path("/{ticketId}")
  public TicketDetailsView get(
      @Context SecurityContext security, @PathParam("ticketId") String ticketId) {
    return TicketDetailsView.of(engine.ticket(Caller.of(security).id(), Params.ticketId(ticketId)));
  }

  @POST
  @Path("/{ticketId}/status")
  public TicketView changeStatus(
      @Context SecurityContext security,
      @PathParam("ticketId") String ticketId,
      Requests.ChangeStatus body) {
    Params.requireBody(body);
    if (body.status() == null) {
      throw new InvalidInputException("status", "is required");
    }
    if (body.version() == null) {
      throw new InvalidInputException("version", "is required");
    }
    Ticket ticket =
        engine.changeStatus(
            Caller.of(security).id(), Params.ticketId(ticketId), body.status(), body.version());
    return TicketView.of(ticket);
  }

  @POST
  @Path("/{ticketId}/assign")
  public TicketView assign(
      @Context SecurityContext security,
      @PathParam("ticketId") String ticketId,
      Requests.Assign body) {
    Params.requireBody(body);
    if (body.assigneeId() == null) {
      throw new InvalidInputException("assigneeId", "is required");
    }
    return TicketView.of(
        engine.assign(
            Caller.of(security).id(),
            Params.ticketId(ticketId),
            Params.memberId("assigneeId", body.assigneeId())));
  }

  @POST
  @Path("/{ticketId}/comments")
  public Response comment(
      @Context SecurityContext security,
      @PathParam("ticketId") String ticketId,
      Requests.CommentBody body) {
    Params.requireBody(body);
    Comment comment =
        engine.comment(Caller.of(security).id(), Params.ticketId(ticketId), body.body());
    return Response.status(201).entity(TicketDetailsView.CommentView.of(comment)).build();
  }

  @POST
  @Path("/{ticketId}/notes")
  public Response note(
      @Context SecurityContext security,
      @PathParam("ticketId") String ticketId,
      Requests.CommentBody body) {
    Params.requireBody(body);
    Comment note =
        engine.addInternalNote(Caller.of(security).id(), Params.ticketId(ticketId), body.body());
    return Response.status(201).entity(TicketDetailsView.CommentView.of(note)).build();
  }

  @POST
  @Path("/{ticketId}/analysis")
  public Response reanalyse(
      @Context SecurityContext security, @PathParam("ticketId") String ticketId) {
    engine.requestAnalysis(Caller.of(security).id(), Params.ticketId(ticketId));
    return Response.accepted().build();
  }

  @GET
  @Path("/{ticketId}/assignment-preview")
  public PreviewView preview(
      @Context SecurityContext security, @PathParam("ticketId") String ticketId) {
    return PreviewView.of(
        engine.previewAssignment(Caller.of(security).id(), Params.ticketId(ticketId)));
  }

  @POST
  @Path("/assignment-preview")
  public PreviewView previewDraft(@Context SecurityContext security, Requests.CreateTicket body) {
    return PreviewView.of(
        engine.previewAssignment(Caller.of(security).id(), draft(Params.requireBody(body))));
  }

  private static NewTicket draft(Requests.CreateTicket body) {
    return new NewTicket(
        body.title(),
        body.description(),
        Optional.ofNullable(body.requestedPriority()),
        Optional.ofNullable(body.deadline()));
  }

  private static Response created(TicketView view) {
    return Response.created(UriBuilder.fromPath("/api/v1/tickets/{id}").build(view.id()))
        .entity(view)
        .build();
  }

  private String write(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Object read(String body) {
    try {
      return json.readTree(body);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
