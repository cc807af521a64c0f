package io.helpdesk.app.core;

import io.helpdesk.core.HelpdeskEngine;
import io.helpdesk.core.model.Member;
import io.helpdesk.core.model.Role;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Makes sure the configured bootstrap admin emails exist as admins. */
public final class BootstrapAdmins {
  private static final Logger log = LoggerFactory.getLogger(BootstrapAdmins.class);

  private BootstrapAdmins() {}

  /**
   * Registers each missing email as an admin. An existing member who is not an admin is left as is
   * and logged: the engine has no system operation to promote a member without an acting admin.
   */
  public static void ensure(HelpdeskEngine engine, List<String> emails) {
    for (String email : emails) {
      Optional<Member> existing = engine.findMemberByEmail(email);
      if (existing.isEmpty()) {
        engine.registerMember(email, displayName(email), Role.ADMIN, Set.of(), 0);
        log.info("registered bootstrap admin {}", email);
      } else if (existing.get().role() != Role.ADMIN) {
        log.warn(
            "bootstrap admin {} exists as {}; an admin must promote them in the members list",
            email,
            existing.get().role());
      }
    }
  }

  static String displayName(String email) {
    String local = email.substring(0, Math.max(0, email.indexOf('@')));
    return local.isBlank() ? email : local.replace('.', ' ').toLowerCase(Locale.ROOT);
  }
}
