package io.helpdesk.core.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A member of the helpdesk: a requester, a moderator or an admin.
 *
 * @param id the member's id
 * @param email unique, stored lower case
 * @param displayName the name shown in the UI and in emails
 * @param role what the member may do
 * @param skills what the member can solve, in the taxonomy's vocabulary
 * @param capacity the most open tickets the engine assigns to them at once
 * @param active inactive members cannot sign in, act or be assigned
 * @param createdAt when the member was registered
 */
public record Member(
    MemberId id,
    String email,
    String displayName,
    Role role,
    Set<Skill> skills,
    int capacity,
    boolean active,
    Instant createdAt) {
  public Member {
    Objects.requireNonNull(id, "id");
    email = Emails.normalise(email);
    displayName =
        Limits.requireText("displayName", displayName, Limits.MAX_DISPLAY_NAME_LENGTH, false);
    Objects.requireNonNull(role, "role");
    skills = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(skills));
    if (skills.size() > Limits.MAX_MEMBER_SKILLS) {
      throw new io.helpdesk.core.InvalidInputException(
          "skills", "at most " + Limits.MAX_MEMBER_SKILLS + " skills");
    }
    if (capacity < 0 || capacity > Limits.MAX_CAPACITY) {
      throw new io.helpdesk.core.InvalidInputException(
          "capacity", "must be between 0 and " + Limits.MAX_CAPACITY);
    }
    Objects.requireNonNull(createdAt, "createdAt");
  }

  public Member withRole(Role newRole) {
    return new Member(id, email, displayName, newRole, skills, capacity, active, createdAt);
  }

  public Member withSkills(Set<Skill> newSkills) {
    return new Member(id, email, displayName, role, newSkills, capacity, active, createdAt);
  }

  public Member withCapacity(int newCapacity) {
    return new Member(id, email, displayName, role, skills, newCapacity, active, createdAt);
  }

  public Member withActive(boolean newActive) {
    return new Member(id, email, displayName, role, skills, capacity, newActive, createdAt);
  }

  public Member withDisplayName(String newName) {
    return new Member(id, email, newName, role, skills, capacity, active, createdAt);
  }
}
