-- H2 has no partial indexes: claiming due work uses a plain index over status and due time.
CREATE INDEX jobs_status_run_at_idx ON jobs (status, run_at, id);
