-- TicketSort.PRIORITY as one ascending key (see the PostgreSQL V6), computed by H2.
ALTER TABLE tickets ADD COLUMN priority_order SMALLINT GENERATED ALWAYS AS (3 - effective_priority);
CREATE INDEX tickets_priority_idx ON tickets (priority_order, due_sort, created_at, id);
CREATE INDEX tickets_assignee_priority_idx
  ON tickets (assignee_id, priority_order, due_sort, created_at, id);
CREATE INDEX tickets_status_priority_idx
  ON tickets (status, priority_order, due_sort, created_at, id);
