package io.helpdesk.app.resources;

import io.helpdesk.app.api.MeView;
import io.helpdesk.app.api.MemberView;
import io.helpdesk.app.api.Requests;
import io.helpdesk.app.api.TokenView;
import io.helpdesk.app.auth.Caller;
import io.helpdesk.app.db.ApiTokenStore;
import io.helpdesk.core.NotFoundException;
import io.helpdesk.core.model.Limits;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/** The caller and their personal API tokens. */
@Path("/api/v1/me")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class MeResource {
  private static final int MAX_TOKEN_NAME = 100;

  private final ApiTokenStore tokens;
  private final Clock clock;

  public MeResource(ApiTokenStore tokens, Clock clock) {
    this.tokens = tokens;
    this.clock = clock;
  }

  @GET
  public MeView me(@Context SecurityContext security) {
    Caller caller = Caller.of(security);
    return new MeView(
        MemberView.of(caller.member()),
        caller.method() == Caller.Method.SESSION ? "session" : "token",
        caller.session().map(session -> session.csrfToken()).orElse(null));
  }

  @POST
  @Path("/tokens")
  public Response createToken(@Context SecurityContext security, Requests.CreateToken body) {
    Params.requireBody(body);
    String name = Limits.requireText("name", body.name(), MAX_TOKEN_NAME, false);
    ApiTokenStore.NewToken created = tokens.create(Caller.of(security).id(), name, clock.instant());
    return Response.status(201).entity(TokenView.created(created)).build();
  }

  @GET
  @Path("/tokens")
  public List<TokenView> listTokens(@Context SecurityContext security) {
    return tokens.list(Caller.of(security).id()).stream().map(TokenView::of).toList();
  }

  @DELETE
  @Path("/tokens/{tokenId}")
  public Response revokeToken(
      @Context SecurityContext security, @PathParam("tokenId") String tokenId) {
    UUID id = Params.uuid("tokenId", tokenId);
    if (!tokens.revoke(Caller.of(security).id(), id, clock.instant())) {
      throw new NotFoundException("token", id.toString());
    }
    return Response.noContent().build();
  }
}
