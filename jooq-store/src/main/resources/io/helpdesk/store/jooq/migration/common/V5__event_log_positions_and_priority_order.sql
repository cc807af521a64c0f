-- Event log positions. An event's place in the global log (TicketEvent.id, what eventsAfter and
-- Last-Event-ID count in) is no longer its row id: on PostgreSQL writers append with no position
-- and a short sequencing transaction numbers committed events in the order it finds them, so
-- event writers need not be serialised until commit. H2 numbers events at append, under its lock.
ALTER TABLE ticket_event ADD COLUMN log_position BIGINT;
UPDATE ticket_event SET log_position = id;
CREATE UNIQUE INDEX ticket_event_log_position_idx ON ticket_event (log_position);

-- TicketSort.PRIORITY (most urgent first, then due, created, id) as one ascending key, so that a
-- cursor is a single row comparison an index range can answer: priority_order = 3 - rank.
ALTER TABLE tickets ADD COLUMN priority_order SMALLINT;
UPDATE tickets SET priority_order = 3 - effective_priority;
ALTER TABLE tickets ALTER COLUMN priority_order SET NOT NULL;
ALTER TABLE tickets ADD CONSTRAINT tickets_priority_order_check
  CHECK (priority_order = 3 - effective_priority);

DROP INDEX tickets_priority_idx;
DROP INDEX tickets_assignee_priority_idx;
DROP INDEX tickets_status_priority_idx;
CREATE INDEX tickets_priority_idx ON tickets (priority_order, due_sort, created_at, id);
CREATE INDEX tickets_assignee_priority_idx
  ON tickets (assignee_id, priority_order, due_sort, created_at, id);
CREATE INDEX tickets_status_priority_idx
  ON tickets (status, priority_order, due_sort, created_at, id);
