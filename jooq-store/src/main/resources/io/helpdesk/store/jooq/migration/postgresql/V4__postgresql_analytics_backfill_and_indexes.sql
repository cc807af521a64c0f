-- Fills the V3 counters from the tickets already there (stripe 0), and the indexes that bound the
-- analytics queries that cannot be counters. Run it with the store's writers stopped: writes of an
-- older store version during the migration are not counted.

INSERT INTO ticket_count (status, effective_priority, stripe, tickets)
SELECT status, effective_priority, 0, COUNT(*) FROM tickets GROUP BY status, effective_priority;

INSERT INTO ticket_day_count (created_on, stripe, created, analysed, fallbacks)
SELECT (created_at AT TIME ZONE 'UTC')::date, 0, COUNT(*), COUNT(analysis_at),
       COUNT(*) FILTER (WHERE analysis_fallback)
FROM tickets GROUP BY 1;

INSERT INTO assignee_count (member_id, stripe, open_tickets, completed_tickets)
SELECT assignee_id, 0, COUNT(*) FILTER (WHERE status <> 'COMPLETED'),
       COUNT(*) FILTER (WHERE status = 'COMPLETED')
FROM tickets WHERE assignee_id IS NOT NULL GROUP BY assignee_id;

-- Time to assign and to complete over the window's tickets: an index-only range scan.
CREATE INDEX tickets_created_times_idx
  ON tickets (created_at) INCLUDE (first_assigned_at, completed_at);
