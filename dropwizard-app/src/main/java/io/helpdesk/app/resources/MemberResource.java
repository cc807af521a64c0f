package io.helpdesk.app.resources;

import io.helpdesk.app.api.MemberView;
import io.helpdesk.app.api.Requests;
import io.helpdesk.app.auth.Caller;
import io.helpdesk.core.HelpdeskEngine;
import io.helpdesk.core.model.MemberUpdate;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.LinkedHashSet;
import java.util.List;

/** Members: admins list them and change role, skills, capacity and active flag. */
@Path("/api/v1/members")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class MemberResource {
  private final HelpdeskEngine engine;

  public MemberResource(HelpdeskEngine engine) {
    this.engine = engine;
  }

  @GET
  public List<MemberView> list(@Context SecurityContext security) {
    return engine.members(Caller.of(security).id()).stream().map(MemberView::of).toList();
  }

  @PATCH
  @Path("/{memberId}")
  public MemberView update(
      @Context SecurityContext security,
      @PathParam("memberId") String memberId,
      Requests.UpdateMember body) {
    Params.requireBody(body);
    MemberUpdate update = MemberUpdate.none();
    if (body.role() != null) {
      update = update.role(body.role());
    }
    if (body.skills() != null) {
      update = update.skills(new LinkedHashSet<>(body.skills()));
    }
    if (body.capacity() != null) {
      update = update.capacity(body.capacity());
    }
    if (body.active() != null) {
      update = update.active(body.active());
    }
    if (body.displayName() != null) {
      update = update.displayName(body.displayName());
    }
    return MemberView.of(
        engine.updateMember(
            Caller.of(security).id(), Params.memberId("memberId", memberId), update));
  }
}
