-- Fills the V3 counters from the tickets already there (stripe 0). The UTC day is computed from
-- the epoch: H2's CAST to DATE would use the JVM's time zone.

INSERT INTO ticket_count (status, effective_priority, stripe, tickets)
SELECT status, effective_priority, 0, COUNT(*) FROM tickets GROUP BY status, effective_priority;

INSERT INTO ticket_day_count (created_on, stripe, created, analysed, fallbacks)
SELECT created_on, 0, COUNT(*), COUNT(analysis_at), COUNT(CASE WHEN analysis_fallback THEN 1 END)
FROM (
  SELECT DATEADD(DAY, CAST(FLOOR(EXTRACT(EPOCH FROM created_at) / 86400) AS INTEGER),
                 DATE '1970-01-01') AS created_on,
         analysis_at, analysis_fallback
  FROM tickets
) created
GROUP BY created_on;

INSERT INTO assignee_count (member_id, stripe, open_tickets, completed_tickets)
SELECT assignee_id, 0, COUNT(CASE WHEN status <> 'COMPLETED' THEN 1 END),
       COUNT(CASE WHEN status = 'COMPLETED' THEN 1 END)
FROM tickets WHERE assignee_id IS NOT NULL GROUP BY assignee_id;

-- Time to assign and to complete over the window's tickets.
CREATE INDEX tickets_created_times_idx ON tickets (created_at, first_assigned_at, completed_at);
