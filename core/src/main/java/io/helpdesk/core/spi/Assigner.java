package io.helpdesk.core.spi;

/**
 * Picks the moderator for a ticket from candidates with their current load, or decides that no one
 * fits (the ticket then goes to the admins' triage queue).
 *
 * <h2>Contract</h2>
 *
 * <ul>
 *   <li><b>Pure and fast:</b> no I/O, no waiting. The engine calls it inside the store transaction
 *       that writes the assignment, so that the decision is made on a consistent view of loads.
 *   <li><b>Thread-safety:</b> safe for concurrent calls.
 *   <li><b>Deterministic:</b> the same request gives the same decision.
 *   <li><b>Honest:</b> never picks a member who is not among the candidates, is inactive, or is at
 *       or over capacity; explains every candidate in {@link AssignmentDecision#evaluations()}.
 *   <li><b>Failures:</b> none expected; an exception fails the job, which is retried.
 * </ul>
 *
 * @since 0.1
 */
public interface Assigner {

  AssignmentDecision decide(AssignmentRequest request);
}
