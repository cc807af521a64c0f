package io.helpdesk.core.spi;

import io.helpdesk.core.model.Emails;
import io.helpdesk.core.model.Limits;
import io.helpdesk.core.model.Member;
import io.helpdesk.core.model.MemberId;
import io.helpdesk.core.model.Role;
import java.util.Objects;

/** Who a notification is for. */
public record Recipient(MemberId memberId, String email, String displayName, Role role) {
  public Recipient {
    Objects.requireNonNull(memberId, "memberId");
    email = Emails.normalise(email);
    displayName =
        Limits.requireText("displayName", displayName, Limits.MAX_DISPLAY_NAME_LENGTH, false);
    Objects.requireNonNull(role, "role");
  }

  public static Recipient of(Member member) {
    return new Recipient(member.id(), member.email(), member.displayName(), member.role());
  }
}
