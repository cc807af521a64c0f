package io.helpdesk.core.model;

/** Who decided an assignment. A manual decision is never overwritten by a late automatic one. */
public enum AssignmentSource {
  /** The engine's assigner picked the moderator. */
  ENGINE,
  /** An admin assigned by hand. */
  ADMIN
}
