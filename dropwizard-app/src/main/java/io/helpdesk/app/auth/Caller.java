package io.helpdesk.app.auth;

import io.helpdesk.app.db.SessionStore;
import io.helpdesk.core.model.Member;
import io.helpdesk.core.model.MemberId;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import java.util.Optional;

/**
 * Who makes the request: the member as loaded fresh for this request, and how they proved it.
 * Authorization is the engine's business: resources pass {@link #id()} to it.
 */
public record Caller(Member member, Method method, Optional<SessionStore.Session> session)
    implements Principal {

  /** How the caller authenticated. */
  public enum Method {
    SESSION,
    BEARER_TOKEN
  }

  public MemberId id() {
    return member.id();
  }

  @Override
  public String getName() {
    return member.id().toString();
  }

  /** The caller of a request that passed the {@link AuthFilter}. */
  public static Caller of(SecurityContext security) {
    if (security != null && security.getUserPrincipal() instanceof Caller caller) {
      return caller;
    }
    throw new IllegalStateException("no caller: is the resource method marked @Public?");
  }
}
