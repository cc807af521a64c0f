package io.helpdesk.core.model;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An admin's change to a member; empty fields stay as they are. Skills are free text here and are
 * resolved through the taxonomy (unknown ones are an input error).
 */
public record MemberUpdate(
    Optional<Role> role,
    Optional<Set<String>> skills,
    Optional<Integer> capacity,
    Optional<Boolean> active,
    Optional<String> displayName) {
  public MemberUpdate {
    Objects.requireNonNull(role, "role");
    skills = skills.map(Set::copyOf);
    Objects.requireNonNull(capacity, "capacity");
    Objects.requireNonNull(active, "active");
    Objects.requireNonNull(displayName, "displayName");
  }

  public static MemberUpdate none() {
    return new MemberUpdate(
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }

  public MemberUpdate role(Role newRole) {
    return new MemberUpdate(Optional.of(newRole), skills, capacity, active, displayName);
  }

  public MemberUpdate skills(Set<String> newSkills) {
    return new MemberUpdate(role, Optional.of(newSkills), capacity, active, displayName);
  }

  public MemberUpdate capacity(int newCapacity) {
    return new MemberUpdate(role, skills, Optional.of(newCapacity), active, displayName);
  }

  public MemberUpdate active(boolean newActive) {
    return new MemberUpdate(role, skills, capacity, Optional.of(newActive), displayName);
  }

  public MemberUpdate displayName(String newName) {
    return new MemberUpdate(role, skills, capacity, active, Optional.of(newName));
  }
}
