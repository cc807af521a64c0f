-- PostgreSQL-only objects (jOOQ codegen does not read this).

-- One numbering pass of the EventSequencer as one statement (one round trip instead of four): takes
-- the passes' advisory lock (26724 = 0x6864 "hd", 2; held until the calling statement's implicit
-- transaction commits, so passes on all nodes are serial), numbers every committed event that has
-- no position yet, in batches, and notifies `channel` (unless NULL) when it numbered any.
-- VOLATILE, so each UPDATE takes a fresh snapshot after the lock: it sees the previous pass's
-- positions and every event committed before it began. Returns how many events it numbered.
CREATE FUNCTION helpdesk_number_events(batch INTEGER, channel TEXT) RETURNS INTEGER
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  total INTEGER := 0;
  numbered INTEGER;
BEGIN
  PERFORM pg_advisory_xact_lock(26724, 2);
  LOOP
    UPDATE ticket_event e
       SET log_position = next.base + next.rn
      FROM (SELECT pending.id,
                   ROW_NUMBER() OVER (ORDER BY pending.id) AS rn,
                   (SELECT COALESCE(MAX(log_position), 0) FROM ticket_event) AS base
              FROM (SELECT id FROM ticket_event
                     WHERE log_position IS NULL
                     ORDER BY id
                     LIMIT batch) pending) next
     WHERE e.id = next.id;
    GET DIAGNOSTICS numbered = ROW_COUNT;
    total := total + numbered;
    EXIT WHEN numbered < batch;
  END LOOP;
  IF total > 0 AND channel IS NOT NULL THEN
    PERFORM pg_notify(channel, '');
  END IF;
  RETURN total;
END
$$;
