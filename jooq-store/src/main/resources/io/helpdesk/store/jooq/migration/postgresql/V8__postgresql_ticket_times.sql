-- PostgreSQL-only objects (jOOQ codegen does not read this).

-- The dashboard's time to assign and to complete, in whole microseconds (exact: computed with
-- decimal arithmetic when a ticket is written), instead of computed for every ticket of the window
-- at every analytics read. The percentiles sort these values: computing them per read (an interval
-- per row, then its seconds) made the window query cost about 2.5 times the scan and sorts
-- themselves on 1,000,000 tickets, and 64-bit integers sort about a third faster than doubles
-- (PostgreSQL 15 sorts them with a specialised routine).
-- Both columns in one ALTER: the table is rewritten once (like V6), under an exclusive lock.
-- Run it with the store's writers stopped.
ALTER TABLE tickets
  ADD COLUMN assign_micros BIGINT
    GENERATED ALWAYS AS ((extract(epoch FROM first_assigned_at - created_at) * 1000000)::bigint)
    STORED,
  ADD COLUMN complete_micros BIGINT
    GENERATED ALWAYS AS ((extract(epoch FROM completed_at - created_at) * 1000000)::bigint)
    STORED;

-- The window's times, read by an index-only range scan.
DROP INDEX tickets_created_times_idx;
CREATE INDEX tickets_created_times_idx
  ON tickets (created_at) INCLUDE (assign_micros, complete_micros);
