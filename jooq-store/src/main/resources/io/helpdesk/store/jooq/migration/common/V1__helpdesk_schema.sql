-- The helpdesk store's schema, in DDL that both PostgreSQL and H2 (MODE=PostgreSQL) accept and
-- that jOOQ's DDLDatabase parses at build time to generate the table classes. Objects only one
-- database has live in the vendor folders (V2).

CREATE TABLE members (
  id               UUID                     NOT NULL,
  email            VARCHAR(254)             NOT NULL,
  display_name     VARCHAR(100)             NOT NULL,
  role             VARCHAR(16)              NOT NULL,
  capacity         INTEGER                  NOT NULL,
  active           BOOLEAN                  NOT NULL,
  created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
  last_assigned_at TIMESTAMP WITH TIME ZONE,
  CONSTRAINT members_pk PRIMARY KEY (id),
  CONSTRAINT members_email_key UNIQUE (email),
  CONSTRAINT members_role_check CHECK (role IN ('USER', 'MODERATOR', 'ADMIN')),
  CONSTRAINT members_capacity_check CHECK (capacity >= 0 AND capacity <= 1000),
  CONSTRAINT members_email_check CHECK (email = LOWER(email) AND email LIKE '%_@_%')
);

CREATE TABLE member_skill (
  member_id UUID        NOT NULL,
  skill     VARCHAR(64) NOT NULL,
  CONSTRAINT member_skill_pk PRIMARY KEY (member_id, skill),
  CONSTRAINT member_skill_member_fk FOREIGN KEY (member_id) REFERENCES members (id) ON DELETE CASCADE
);

CREATE TABLE tickets (
  id                    UUID                     NOT NULL,
  title                 VARCHAR(200)             NOT NULL,
  description           TEXT                     NOT NULL,
  requester_id          UUID                     NOT NULL,
  requested_priority    VARCHAR(8),
  deadline              TIMESTAMP WITH TIME ZONE,
  status                VARCHAR(16)              NOT NULL,
  priority_override     VARCHAR(8),
  -- Ticket.effectivePriority().rank() and TicketSort.dueSortKey(ticket), written by the store on
  -- every write so that both list orders are plain index scans.
  effective_priority    SMALLINT                 NOT NULL,
  due_sort              TIMESTAMP WITH TIME ZONE NOT NULL,
  analysis_priority     VARCHAR(8),
  analysis_notes        TEXT,
  analysis_produced_by  VARCHAR(200),
  analysis_at           TIMESTAMP WITH TIME ZONE,
  analysis_fallback     BOOLEAN,
  assignee_id           UUID,
  assignment_source     VARCHAR(8),
  assignment_decided_by UUID,
  assignment_score      DOUBLE PRECISION,
  assignment_reason     TEXT,
  assigned_at           TIMESTAMP WITH TIME ZONE,
  -- Kept from the first assignment on, for the time-to-assign figure.
  first_assigned_at     TIMESTAMP WITH TIME ZONE,
  needs_triage          BOOLEAN                  NOT NULL,
  version               BIGINT                   NOT NULL,
  created_at            TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at            TIMESTAMP WITH TIME ZONE NOT NULL,
  completed_at          TIMESTAMP WITH TIME ZONE,
  CONSTRAINT tickets_pk PRIMARY KEY (id),
  CONSTRAINT tickets_requester_fk FOREIGN KEY (requester_id) REFERENCES members (id),
  CONSTRAINT tickets_assignee_fk FOREIGN KEY (assignee_id) REFERENCES members (id),
  CONSTRAINT tickets_decided_by_fk FOREIGN KEY (assignment_decided_by) REFERENCES members (id),
  CONSTRAINT tickets_status_check CHECK (status IN ('TODO', 'IN_PROGRESS', 'COMPLETED')),
  CONSTRAINT tickets_requested_priority_check
    CHECK (requested_priority IN ('LOW', 'MEDIUM', 'HIGH', 'URGENT')),
  CONSTRAINT tickets_priority_override_check
    CHECK (priority_override IN ('LOW', 'MEDIUM', 'HIGH', 'URGENT')),
  CONSTRAINT tickets_analysis_priority_check
    CHECK (analysis_priority IN ('LOW', 'MEDIUM', 'HIGH', 'URGENT')),
  CONSTRAINT tickets_effective_priority_check
    CHECK (effective_priority >= 0 AND effective_priority <= 3),
  CONSTRAINT tickets_analysis_check CHECK (
    (analysis_priority IS NULL AND analysis_at IS NULL AND analysis_notes IS NULL
      AND analysis_produced_by IS NULL AND analysis_fallback IS NULL)
    OR (analysis_priority IS NOT NULL AND analysis_at IS NOT NULL AND analysis_notes IS NOT NULL
      AND analysis_produced_by IS NOT NULL AND analysis_fallback IS NOT NULL)),
  CONSTRAINT tickets_assignment_source_check CHECK (assignment_source IN ('ENGINE', 'ADMIN')),
  CONSTRAINT tickets_assignment_check CHECK (
    (assignee_id IS NULL AND assignment_source IS NULL AND assigned_at IS NULL
      AND assignment_reason IS NULL AND assignment_score IS NULL AND assignment_decided_by IS NULL)
    OR (assignee_id IS NOT NULL AND assignment_source IS NOT NULL AND assigned_at IS NOT NULL
      AND assignment_reason IS NOT NULL AND assignment_score IS NOT NULL)),
  CONSTRAINT tickets_title_check CHECK (CHAR_LENGTH(title) >= 1),
  CONSTRAINT tickets_description_check CHECK (CHAR_LENGTH(description) <= 10000),
  CONSTRAINT tickets_version_check CHECK (version >= 0)
);

-- A requester's tickets, newest first.
CREATE INDEX tickets_requester_newest_idx ON tickets (requester_id, created_at DESC, id DESC);
-- Every ticket newest first (admin list) and the created-per-day window of the analytics.
CREATE INDEX tickets_newest_idx ON tickets (created_at DESC, id DESC);
-- The work queue order over all tickets (admin list by priority).
CREATE INDEX tickets_priority_idx
  ON tickets (effective_priority DESC, due_sort, created_at, id);
-- A moderator's tickets in queue order and newest first.
CREATE INDEX tickets_assignee_priority_idx
  ON tickets (assignee_id, effective_priority DESC, due_sort, created_at, id);
CREATE INDEX tickets_assignee_newest_idx ON tickets (assignee_id, created_at DESC, id DESC);
-- Admin lists filtered by status; counts by status and by open priority (index-only).
CREATE INDEX tickets_status_newest_idx ON tickets (status, created_at DESC, id DESC);
CREATE INDEX tickets_status_priority_idx
  ON tickets (status, effective_priority DESC, due_sort, created_at, id);
-- Open and completed load per moderator.
CREATE INDEX tickets_assignee_status_idx ON tickets (assignee_id, status);

CREATE TABLE ticket_skill (
  ticket_id UUID        NOT NULL,
  position  SMALLINT    NOT NULL,
  skill     VARCHAR(64) NOT NULL,
  CONSTRAINT ticket_skill_pk PRIMARY KEY (ticket_id, position),
  CONSTRAINT ticket_skill_ticket_fk FOREIGN KEY (ticket_id) REFERENCES tickets (id) ON DELETE CASCADE,
  CONSTRAINT ticket_skill_position_check CHECK (position >= 0 AND position < 5)
);
CREATE INDEX ticket_skill_skill_idx ON ticket_skill (skill);

CREATE TABLE comments (
  id         UUID                     NOT NULL,
  seq        BIGINT GENERATED BY DEFAULT AS IDENTITY,
  ticket_id  UUID                     NOT NULL,
  author_id  UUID                     NOT NULL,
  body       TEXT                     NOT NULL,
  internal   BOOLEAN                  NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  CONSTRAINT comments_pk PRIMARY KEY (id),
  CONSTRAINT comments_ticket_fk FOREIGN KEY (ticket_id) REFERENCES tickets (id) ON DELETE CASCADE,
  CONSTRAINT comments_author_fk FOREIGN KEY (author_id) REFERENCES members (id),
  CONSTRAINT comments_body_check CHECK (CHAR_LENGTH(body) >= 1 AND CHAR_LENGTH(body) <= 10000)
);
CREATE INDEX comments_ticket_idx ON comments (ticket_id, created_at, seq);

-- The append-only history; ids grow in commit order (the store serialises event writers).
CREATE TABLE ticket_event (
  id           BIGINT GENERATED BY DEFAULT AS IDENTITY,
  ticket_id    UUID                     NOT NULL,
  type         VARCHAR(32)              NOT NULL,
  actor_id     UUID,
  at           TIMESTAMP WITH TIME ZONE NOT NULL,
  requester_id UUID                     NOT NULL,
  assignee_id  UUID,
  internal     BOOLEAN                  NOT NULL,
  data         TEXT                     NOT NULL,
  CONSTRAINT ticket_event_pk PRIMARY KEY (id),
  CONSTRAINT ticket_event_ticket_fk FOREIGN KEY (ticket_id) REFERENCES tickets (id) ON DELETE CASCADE,
  CONSTRAINT ticket_event_type_check CHECK (type IN ('CREATED', 'ANALYSIS_REQUESTED', 'ANALYSED',
    'ANALYSIS_RETRY_SCHEDULED', 'ASSIGNED', 'TRIAGE_NEEDED', 'STATUS_CHANGED', 'PRIORITY_CHANGED',
    'COMMENTED', 'INTERNAL_NOTE_ADDED', 'NOTIFIED', 'NOTIFICATION_FAILED', 'JOB_DEAD_LETTERED',
    'JOB_RETRIED'))
);
CREATE INDEX ticket_event_ticket_idx ON ticket_event (ticket_id, id);

-- The durable work queue (transactional outbox). No foreign key to tickets: a job outlives
-- nothing it needs, and the pipeline handles a job whose ticket is gone.
CREATE TABLE jobs (
  id               BIGINT GENERATED BY DEFAULT AS IDENTITY,
  type             VARCHAR(16)              NOT NULL,
  ticket_id        UUID                     NOT NULL,
  payload          TEXT                     NOT NULL,
  status           VARCHAR(16)              NOT NULL,
  attempts         INTEGER                  NOT NULL,
  run_at           TIMESTAMP WITH TIME ZONE NOT NULL,
  last_error       TEXT,
  lease_token      UUID,
  lease_expires_at TIMESTAMP WITH TIME ZONE,
  created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at       TIMESTAMP WITH TIME ZONE NOT NULL,
  CONSTRAINT jobs_pk PRIMARY KEY (id),
  CONSTRAINT jobs_type_check CHECK (type IN ('ANALYSE', 'ASSIGN', 'NOTIFY')),
  CONSTRAINT jobs_status_check CHECK (status IN ('QUEUED', 'RUNNING', 'DONE', 'DEAD')),
  CONSTRAINT jobs_attempts_check CHECK (attempts >= 0),
  CONSTRAINT jobs_lease_check CHECK (
    (status = 'RUNNING' AND lease_token IS NOT NULL AND lease_expires_at IS NOT NULL)
    OR (status <> 'RUNNING' AND lease_token IS NULL AND lease_expires_at IS NULL))
);
-- listJobs/countJobs per status (oldest first) and pruning of done jobs.
CREATE INDEX jobs_status_idx ON jobs (status, id);
CREATE INDEX jobs_status_updated_idx ON jobs (status, updated_at);

-- Rows locked to serialise event writers and assignment decisions (portable; PostgreSQL uses
-- advisory locks instead, see the store).
CREATE TABLE helpdesk_lock (
  name    VARCHAR(32) NOT NULL,
  counter BIGINT      NOT NULL,
  CONSTRAINT helpdesk_lock_pk PRIMARY KEY (name)
);
INSERT INTO helpdesk_lock (name, counter) VALUES ('events', 0);
INSERT INTO helpdesk_lock (name, counter) VALUES ('assignment', 0);
