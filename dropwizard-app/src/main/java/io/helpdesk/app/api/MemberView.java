package io.helpdesk.app.api;

import io.helpdesk.core.model.Member;
import io.helpdesk.core.model.Role;
import io.helpdesk.core.model.Skill;
import java.time.Instant;
import java.util.List;

/** A member (v1). */
public record MemberView(
    String id,
    String email,
    String displayName,
    Role role,
    List<String> skills,
    int capacity,
    boolean active,
    Instant createdAt) {
  public static MemberView of(Member member) {
    return new MemberView(
        member.id().toString(),
        member.email(),
        member.displayName(),
        member.role(),
        member.skills().stream().map(Skill::name).toList(),
        member.capacity(),
        member.active(),
        member.createdAt());
  }
}
