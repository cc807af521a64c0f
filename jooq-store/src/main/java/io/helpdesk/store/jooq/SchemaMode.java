package io.helpdesk.store.jooq;

/** What the store does with its schema when it starts. */
public enum SchemaMode {
  /** Applies the store's pending Flyway migrations (the default). */
  MIGRATE,
  /**
   * Checks that every migration of this version of the store has been applied and fails to start
   * otherwise; for hosts that run the store's migrations themselves.
   */
  VALIDATE,
  /** Leaves the schema alone: the host owns it entirely. */
  NONE
}
