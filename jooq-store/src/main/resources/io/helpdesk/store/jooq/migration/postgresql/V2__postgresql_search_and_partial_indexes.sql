-- PostgreSQL-only objects: full-text search and partial indexes (jOOQ codegen does not read this).

-- Words of title and description, 'simple' configuration: lower-cased, no stemming, no stop words.
ALTER TABLE tickets ADD COLUMN search tsvector
  GENERATED ALWAYS AS (to_tsvector('simple', title || ' ' || description)) STORED;
CREATE INDEX tickets_search_idx ON tickets USING GIN (search);

-- A moderator's open queue (TicketSort.PRIORITY over TODO and IN_PROGRESS), and open counts.
CREATE INDEX tickets_open_assignee_priority_idx
  ON tickets (assignee_id, effective_priority DESC, due_sort, created_at, id)
  WHERE status <> 'COMPLETED';
-- Overdue open tickets.
CREATE INDEX tickets_open_due_idx ON tickets (due_sort) WHERE status <> 'COMPLETED';
-- The admins' triage queue.
CREATE INDEX tickets_triage_idx ON tickets (created_at DESC, id DESC) WHERE needs_triage;

-- Claiming due work walks only queued and running jobs, not the done ones awaiting pruning.
CREATE INDEX jobs_due_idx ON jobs (run_at, id) WHERE status IN ('QUEUED', 'RUNNING');
