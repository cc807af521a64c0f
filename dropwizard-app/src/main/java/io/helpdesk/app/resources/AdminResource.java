package io.helpdesk.app.resources;

import io.helpdesk.app.api.AnalyticsView;
import io.helpdesk.app.api.JobView;
import io.helpdesk.app.api.PageView;
import io.helpdesk.app.api.TicketView;
import io.helpdesk.app.auth.Caller;
import io.helpdesk.core.AccessDeniedException;
import io.helpdesk.core.AccessPolicy;
import io.helpdesk.core.HelpdeskEngine;
import io.helpdesk.core.model.Limits;
import io.helpdesk.core.model.TicketQuery;
import io.helpdesk.core.model.TicketSort;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;

/** Admin views: analytics, the dead-letter queue and the triage queue, with retries. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public final class AdminResource {
  private static final int MAX_DAYS = 365;

  private final HelpdeskEngine engine;

  public AdminResource(HelpdeskEngine engine) {
    this.engine = engine;
  }

  @GET
  @Path("/analytics")
  public AnalyticsView analytics(
      @Context SecurityContext security, @QueryParam("days") String days) {
    int window = Params.optionalInt("days", days, 1, MAX_DAYS).orElse(30);
    return AnalyticsView.of(engine.analytics(Caller.of(security).id(), window), window);
  }

  @GET
  @Path("/admin/dead-letters")
  public List<JobView> deadLetters(
      @Context SecurityContext security, @QueryParam("limit") String limit) {
    int max = Params.optionalInt("limit", limit, 1, Limits.MAX_PAGE_SIZE).orElse(100);
    return engine.deadLetters(Caller.of(security).id(), max).stream().map(JobView::of).toList();
  }

  @POST
  @Path("/admin/dead-letters/{jobId}/retry")
  public JobView retryDeadLetter(
      @Context SecurityContext security, @PathParam("jobId") String jobId) {
    return JobView.of(
        engine.retryDeadLetter(Caller.of(security).id(), Params.longValue("jobId", jobId)));
  }

  /** Tickets the engine could not assign, most urgent first. */
  @GET
  @Path("/admin/triage")
  public PageView<TicketView> triage(
      @Context SecurityContext security,
      @QueryParam("cursor") String cursor,
      @QueryParam("limit") String limit) {
    Caller caller = Caller.of(security);
    // The engine narrows ticket lists per viewer but has no admin-only triage query: the queue as
    // such is an admin view, so non-admins are refused here with the engine's own policy.
    if (!AccessPolicy.isAdmin(caller.member())) {
      throw new AccessDeniedException("see the triage queue", "admins only");
    }
    TicketQuery.Builder query =
        TicketQuery.builder().needsTriage(true).sort(TicketSort.PRIORITY).cursor(cursor);
    Params.optionalInt("limit", limit, 1, Limits.MAX_PAGE_SIZE).ifPresent(query::limit);
    var page = engine.tickets(caller.id(), query.build());
    return new PageView<>(
        page.items().stream().map(TicketView::of).toList(), page.nextCursor().orElse(null));
  }

  @POST
  @Path("/admin/triage/{ticketId}/retry")
  public jakarta.ws.rs.core.Response retryAssignment(
      @Context SecurityContext security, @PathParam("ticketId") String ticketId) {
    engine.retryAssignment(Caller.of(security).id(), Params.ticketId(ticketId));
    return jakarta.ws.rs.core.Response.accepted().build();
  }
}
