-- Event log positions. An event's place in the global log (TicketEvent.id, what eventsAfter and
-- Last-Event-ID count in) is no longer its row id: on PostgreSQL writers append with no position
-- and a short sequencing transaction numbers committed events in the order it finds them, so
-- event writers need not be serialised until commit. H2 numbers events at append, under its lock.
ALTER TABLE ticket_event ADD COLUMN log_position BIGINT;
UPDATE ticket_event SET log_position = id;
CREATE UNIQUE INDEX ticket_event_log_position_idx ON ticket_event (log_position);

-- The PRIORITY order's indexes move to a single ascending key (V6, per database: a generated
-- column's syntax differs).
DROP INDEX tickets_priority_idx;
DROP INDEX tickets_assignee_priority_idx;
DROP INDEX tickets_status_priority_idx;
