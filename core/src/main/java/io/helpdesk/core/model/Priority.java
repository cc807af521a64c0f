package io.helpdesk.core.model;

import java.util.Optional;

/**
 * How soon a ticket needs attention, in increasing order of urgency.
 *
 * <h2>The effective priority rule</h2>
 *
 * A ticket carries up to three opinions on its priority; {@link #effective} picks one, and it is
 * the only place that does:
 *
 * <ol>
 *   <li>a staff member's explicit override wins (a human who read the ticket decided);
 *   <li>otherwise the analysis (which already weighed the requester's wish, the deadline and the
 *       described impact);
 *   <li>otherwise, before analysis has run, what the requester asked for;
 *   <li>otherwise {@link #MEDIUM}.
 * </ol>
 */
public enum Priority {
  LOW,
  MEDIUM,
  HIGH,
  URGENT;

  /** 0 for LOW up to 3 for URGENT; higher is more urgent. */
  public int rank() {
    return ordinal();
  }

  public boolean isAbove(Priority other) {
    return rank() > other.rank();
  }

  public static Priority fromRank(int rank) {
    return values()[rank];
  }

  /** The effective priority of a ticket; see the class documentation for the rule. */
  public static Priority effective(
      Optional<Priority> override, Optional<Analysis> analysis, Optional<Priority> requested) {
    return override.or(() -> analysis.map(Analysis::priority)).or(() -> requested).orElse(MEDIUM);
  }
}
