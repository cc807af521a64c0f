-- PostgreSQL-only objects of V5 (jOOQ codegen does not read this).

-- The events the sequencer has yet to number: usually none, so this index stays tiny.
CREATE INDEX ticket_event_unnumbered_idx ON ticket_event (id) WHERE log_position IS NULL;

-- A moderator's open queue by priority, on the single ascending key.
DROP INDEX tickets_open_assignee_priority_idx;
CREATE INDEX tickets_open_assignee_priority_idx
  ON tickets (assignee_id, priority_order, due_sort, created_at, id)
  WHERE status <> 'COMPLETED';
