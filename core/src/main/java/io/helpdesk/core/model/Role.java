package io.helpdesk.core.model;

/** What a member may do. See the engine's access policy for the exact rules. */
public enum Role {
  /** Files tickets and sees only their own. */
  USER,
  /** Works the tickets assigned to them. */
  MODERATOR,
  /** Sees and manages everything. */
  ADMIN;

  /** Moderators and admins: may write internal notes and see staff-only details. */
  public boolean isStaff() {
    return this != USER;
  }
}
