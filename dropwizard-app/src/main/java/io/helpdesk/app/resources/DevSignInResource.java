package io.helpdesk.app.resources;

import io.helpdesk.app.api.MeView;
import io.helpdesk.app.api.MemberView;
import io.helpdesk.app.api.Requests;
import io.helpdesk.app.auth.Public;
import io.helpdesk.app.auth.SessionService;
import io.helpdesk.app.core.DemoData;
import io.helpdesk.core.HelpdeskEngine;
import io.helpdesk.core.InvalidInputException;
import io.helpdesk.core.model.Member;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;

/**
 * Dev sign-in: become any demo member without a password. Registered only when {@code
 * auth.devSignIn} is on (the embedded default); the server logs a warning at start.
 */
@Path("/api/v1/dev")
@Public
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class DevSignInResource {
  private final HelpdeskEngine engine;
  private final SessionService sessions;

  public DevSignInResource(HelpdeskEngine engine, SessionService sessions) {
    this.engine = engine;
    this.sessions = sessions;
  }

  /** The demo members that exist in this helpdesk. */
  @GET
  @Path("/members")
  public List<MemberView> members() {
    return DemoData.members().stream()
        .map(demo -> engine.findMemberByEmail(demo.email()))
        .flatMap(Optional::stream)
        .map(MemberView::of)
        .toList();
  }

  /** Starts a session as a demo member (any existing member, in fact). */
  @POST
  @Path("/sign-in")
  public Response signIn(
      @CookieParam(SessionService.COOKIE) Cookie previous, Requests.DevSignIn body) {
    Params.requireBody(body);
    if (body.email() == null || body.email().isBlank()) {
      throw new InvalidInputException("email", "is required");
    }
    // PostgreSQL refuses NUL in text: without this check a lookup of "\u0000" answered 503
    if (body.email().length() > 254 || body.email().chars().anyMatch(Character::isISOControl)) {
      throw new InvalidInputException("email", "is not an email address");
    }
    Member member =
        engine
            .findMemberByEmail(body.email())
            .orElseThrow(() -> new InvalidInputException("email", "no member with this email"));
    SessionService.SignedIn signedIn =
        sessions.signIn(member.email(), member.displayName(), Optional.ofNullable(previous));
    return Response.ok(
            new MeView(MemberView.of(signedIn.member()), "session", signedIn.session().csrfToken()))
        .cookie(signedIn.cookie())
        .build();
  }
}
