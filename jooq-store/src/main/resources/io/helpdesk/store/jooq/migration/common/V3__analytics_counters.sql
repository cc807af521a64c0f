-- Counters behind the admin dashboard, kept by the store in the same transaction as each ticket
-- write, so that analytics never count the whole tickets table. Every counter is split over a few
-- stripes (rows): a transaction adds to one stripe chosen at random, readers sum the stripes, so
-- concurrent intake does not queue on one hot row. A stripe alone may go negative; sums are exact.
-- The vendor folders (V4) fill them from the tickets already there.

-- Tickets per status and effective priority (totals, by status, open by priority).
CREATE TABLE ticket_count (
  status             VARCHAR(16) NOT NULL,
  effective_priority SMALLINT    NOT NULL,
  stripe             SMALLINT    NOT NULL,
  tickets            BIGINT      NOT NULL,
  CONSTRAINT ticket_count_pk PRIMARY KEY (status, effective_priority, stripe)
);

-- Per UTC day of creation: tickets created, of those analysed, of those with a fallback analysis.
CREATE TABLE ticket_day_count (
  created_on DATE     NOT NULL,
  stripe     SMALLINT NOT NULL,
  created    BIGINT   NOT NULL,
  analysed   BIGINT   NOT NULL,
  fallbacks  BIGINT   NOT NULL,
  CONSTRAINT ticket_day_count_pk PRIMARY KEY (created_on, stripe)
);

-- Per assignee: open (TODO, IN_PROGRESS) and completed tickets currently assigned to them.
CREATE TABLE assignee_count (
  member_id         UUID     NOT NULL,
  stripe            SMALLINT NOT NULL,
  open_tickets      BIGINT   NOT NULL,
  completed_tickets BIGINT   NOT NULL,
  CONSTRAINT assignee_count_pk PRIMARY KEY (member_id, stripe),
  CONSTRAINT assignee_count_member_fk
    FOREIGN KEY (member_id) REFERENCES members (id) ON DELETE CASCADE
);
