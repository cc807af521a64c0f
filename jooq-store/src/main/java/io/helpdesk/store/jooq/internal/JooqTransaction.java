package io.helpdesk.store.jooq.internal;

import static io.helpdesk.store.jooq.internal.schema.Tables.ASSIGNEE_COUNT;
import static io.helpdesk.store.jooq.internal.schema.Tables.COMMENTS;
import static io.helpdesk.store.jooq.internal.schema.Tables.HELPDESK_LOCK;
import static io.helpdesk.store.jooq.internal.schema.Tables.JOBS;
import static io.helpdesk.store.jooq.internal.schema.Tables.MEMBERS;
import static io.helpdesk.store.jooq.internal.schema.Tables.MEMBER_SKILL;
import static io.helpdesk.store.jooq.internal.schema.Tables.TICKETS;
import static io.helpdesk.store.jooq.internal.schema.Tables.TICKET_EVENT;
import static io.helpdesk.store.jooq.internal.schema.Tables.TICKET_SKILL;

import io.helpdesk.core.InvalidInputException;
import io.helpdesk.core.LeaseLostException;
import io.helpdesk.core.NotFoundException;
import io.helpdesk.core.TicketConflictException;
import io.helpdesk.core.TicketNotFoundException;
import io.helpdesk.core.model.Analysis;
import io.helpdesk.core.model.Analytics;
import io.helpdesk.core.model.Assignment;
import io.helpdesk.core.model.Comment;
import io.helpdesk.core.model.Member;
import io.helpdesk.core.model.MemberId;
import io.helpdesk.core.model.Page;
import io.helpdesk.core.model.Role;
import io.helpdesk.core.model.Skill;
import io.helpdesk.core.model.Ticket;
import io.helpdesk.core.model.TicketCursor;
import io.helpdesk.core.model.TicketEvent;
import io.helpdesk.core.model.TicketId;
import io.helpdesk.core.model.TicketQuery;
import io.helpdesk.core.model.TicketSort;
import io.helpdesk.core.model.TicketStatus;
import io.helpdesk.core.spi.Candidate;
import io.helpdesk.core.spi.Job;
import io.helpdesk.core.spi.JobStatus;
import io.helpdesk.core.spi.NewJob;
import io.helpdesk.core.spi.NewTicketEvent;
import io.helpdesk.core.spi.StoreTransaction;
import io.helpdesk.store.jooq.internal.schema.tables.records.JobsRecord;
import io.helpdesk.store.jooq.internal.schema.tables.records.TicketsRecord;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Query;
import org.jooq.Record;
import org.jooq.Record1;
import org.jooq.Record2;
import org.jooq.SQLDialect;
import org.jooq.Select;
import org.jooq.SortField;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * One store transaction on one connection. Valid only inside its work and on its thread. Not API.
 */
public final class JooqTransaction implements StoreTransaction {
  /** First int of the store's advisory lock keys on PostgreSQL: "hd". */
  static final int LOCK_CLASS = 0x6864;

  private static final String WRITERS_LOCK_ROW = "events";
  private static final String OPEN_LOAD = "open_load";

  /** What {@link #updateTicket} needs of the row it replaces. */
  private static final Field<?>[] STORED_COLUMNS = {
    TICKETS.VERSION,
    TICKETS.ANALYSIS_AT,
    TICKETS.ASSIGNEE_ID,
    TICKETS.ASSIGNED_AT,
    TICKETS.STATUS,
    TICKETS.EFFECTIVE_PRIORITY,
    TICKETS.CREATED_AT,
    TICKETS.ANALYSIS_FALLBACK
  };

  static final Comparator<Member> MEMBER_ORDER =
      Comparator.comparing(Member::displayName)
          .thenComparing(
              (left, right) -> TicketSort.compareUuids(left.id().value(), right.id().value()));

  private final DSLContext dsl;
  private final StoreSupport support;
  private final boolean readOnly;
  private final Thread owner = Thread.currentThread();
  private boolean open = true;
  private boolean writersLocked;
  private boolean jobsEnqueued;
  private boolean jobsNotified;
  private boolean unnumberedEvents;
  private final AnalyticsCounters counters = new AnalyticsCounters();

  /**
   * PostgreSQL: writes whose result nobody waits for (event inserts, the jobs NOTIFY), sent with
   * the counters in one round trip before the commit or before a statement that could read them.
   */
  private final List<Query> deferred = new ArrayList<>();

  public JooqTransaction(DSLContext dsl, StoreSupport support, boolean readOnly) {
    this.dsl = dsl;
    this.support = support;
    this.readOnly = readOnly;
  }

  /**
   * Runs the deferred writes and the counter changes collected so far: on PostgreSQL all in one
   * round trip (a JDBC batch), counters last so that their rows stay locked for as short as
   * possible; on H2 the counters one by one. Called by the store after the work returned and before
   * the commit, and here before any statement that reads what they write.
   */
  public void flushPending() {
    if (!postgres()) {
      if (counters.pending()) {
        counters.flushPortable(dsl);
      }
      return;
    }
    if (deferred.isEmpty() && !counters.pending()) {
      return;
    }
    List<Query> batch = new ArrayList<>(deferred);
    deferred.clear();
    batch.addAll(counters.upserts(dsl));
    if (jobsEnqueued && !jobsNotified) {
      // Delivered at commit, wherever it stands in the transaction.
      batch.add(DSL.query("SELECT pg_notify({0}, '')", PgSignals.JOBS_CHANNEL));
      jobsNotified = true;
    }
    if (batch.size() == 1) {
      batch.get(0).execute();
    } else if (!batch.isEmpty()) {
      dsl.batch(batch).execute();
    }
  }

  /**
   * True when the transaction appended events that the {@link EventSequencer} numbers after commit
   * (PostgreSQL).
   */
  public boolean appendedUnnumberedEvents() {
    return unnumberedEvents;
  }

  /** Ends the transaction's usability (called when its work returns). */
  public void close() {
    open = false;
  }

  private boolean postgres() {
    return support.dialect() == SQLDialect.POSTGRES;
  }

  private void checkUsable() {
    if (!open || Thread.currentThread() != owner) {
      throw new IllegalStateException(
          "a store transaction is valid only inside its work and on its thread");
    }
  }

  private void checkWritable() {
    checkUsable();
    if (readOnly) {
      throw new IllegalStateException("writing in a read-only transaction");
    }
  }

  /**
   * H2 only: serialises event writers and assignment decisions until commit with one row lock, so
   * that events numbered at append are numbered in commit order and the two can never deadlock
   * against each other. Does nothing on PostgreSQL.
   *
   * <p>Lock order: this lock comes before any lock on a ticket row. Whatever locks a ticket row and
   * may then write an event (updating the ticket; inserting a comment, whose foreign key takes a
   * share lock on the ticket row) takes this lock first; otherwise a transaction holding the row
   * and waiting for this lock deadlocks against an assignment holding this lock and waiting for the
   * row.
   */
  private void lockWritersOnH2() {
    if (writersLocked || postgres()) {
      return;
    }
    dsl.update(HELPDESK_LOCK)
        .set(HELPDESK_LOCK.COUNTER, HELPDESK_LOCK.COUNTER.plus(1))
        .where(HELPDESK_LOCK.NAME.eq(WRITERS_LOCK_ROW))
        .execute();
    writersLocked = true;
  }

  // ---- members

  @Override
  public void insertMember(Member member) {
    checkWritable();
    requireFreeEmail(member);
    dsl.insertInto(MEMBERS).set(Rows.memberRecord(member)).execute();
    writeSkills(member);
  }

  @Override
  public void updateMember(Member member) {
    checkWritable();
    requireFreeEmail(member);
    int updated =
        dsl.update(MEMBERS)
            .set(MEMBERS.EMAIL, member.email())
            .set(MEMBERS.DISPLAY_NAME, member.displayName())
            .set(MEMBERS.ROLE, member.role().name())
            .set(MEMBERS.CAPACITY, member.capacity())
            .set(MEMBERS.ACTIVE, member.active())
            .where(MEMBERS.ID.eq(member.id().value()))
            .execute();
    if (updated == 0) {
      throw new NotFoundException("member", member.id().toString());
    }
    dsl.deleteFrom(MEMBER_SKILL).where(MEMBER_SKILL.MEMBER_ID.eq(member.id().value())).execute();
    writeSkills(member);
  }

  private void requireFreeEmail(Member member) {
    Optional<UUID> holder =
        dsl.select(MEMBERS.ID)
            .from(MEMBERS)
            .where(MEMBERS.EMAIL.eq(member.email()))
            .fetchOptional(MEMBERS.ID);
    if (holder.isPresent() && !holder.get().equals(member.id().value())) {
      throw new InvalidInputException("email", "is already taken by another member");
    }
  }

  private void writeSkills(Member member) {
    if (member.skills().isEmpty()) {
      return;
    }
    var insert = dsl.insertInto(MEMBER_SKILL, MEMBER_SKILL.MEMBER_ID, MEMBER_SKILL.SKILL);
    for (Skill skill : member.skills()) {
      insert = insert.values(member.id().value(), skill.name());
    }
    insert.execute();
  }

  @Override
  public Optional<Member> findMember(MemberId id) {
    checkUsable();
    return membersWhere(MEMBERS.ID.eq(id.value())).stream().findFirst();
  }

  @Override
  public Optional<Member> findMemberByEmail(String email) {
    checkUsable();
    return membersWhere(MEMBERS.EMAIL.eq(email.strip().toLowerCase(Locale.ROOT))).stream()
        .findFirst();
  }

  @Override
  public List<Member> listMembers() {
    checkUsable();
    return membersWhere(DSL.noCondition());
  }

  /** Members matching {@code condition}, with their skills, in display-name order. */
  private List<Member> membersWhere(Condition condition) {
    return memberRows(MEMBERS, condition).stream().map(MemberRow::member).toList();
  }

  /** A member with the row it was read from, for the extra columns a caller selected. */
  private record MemberRow(Member member, Record row) {}

  /**
   * Members from {@code from} (members, or members joined to what a caller needs beside them)
   * matching {@code condition}, with their skills and the {@code extra} columns, in display-name
   * order. One round trip and one row per member: the skills come along as an array.
   */
  private List<MemberRow> memberRows(Table<?> from, Condition condition, Field<?>... extra) {
    Field<String[]> skills =
        DSL.field(
            DSL.select(DSL.arrayAgg(MEMBER_SKILL.SKILL))
                .from(MEMBER_SKILL)
                .where(MEMBER_SKILL.MEMBER_ID.eq(MEMBERS.ID)));
    List<MemberRow> rows = new ArrayList<>();
    dsl.select(MEMBERS.fields())
        .select(extra)
        .select(skills)
        .from(from)
        .where(condition)
        .forEach(row -> rows.add(new MemberRow(Rows.member(row, row.get(skills)), row)));
    rows.sort(Comparator.comparing(MemberRow::member, MEMBER_ORDER));
    return rows;
  }

  @Override
  public List<Candidate> assignmentCandidates() {
    checkUsable();
    return candidates(DSL.noCondition());
  }

  @Override
  public Optional<Candidate> lockCandidate(MemberId id) {
    checkUsable();
    Condition member = MEMBERS.ID.eq(id.value());
    if (postgres()) {
      // The member's row, in the mode a non-key UPDATE takes: decisions for this moderator wait
      // for each other; key-share locks (events and tickets naming them) do not wait.
      boolean moderator =
          dsl.select(MEMBERS.ID)
              .from(MEMBERS)
              .where(member)
              .and(MEMBERS.ROLE.eq(Role.MODERATOR.name()))
              .forNoKeyUpdate()
              .fetchOptional()
              .isPresent();
      if (!moderator) {
        return Optional.empty();
      }
    } else {
      lockWritersOnH2();
    }
    // A statement after the lock was granted: it sees what the previous holder committed.
    return candidates(member).stream().findFirst();
  }

  /**
   * Moderators matching {@code condition} with their loads, in one statement. Loads come from the
   * per-assignee counters (kept in the same transaction as every ticket write), not from counting
   * tickets: the same cost at 100 or 100,000 open tickets. This transaction's pending counts are
   * written first, so they are included.
   */
  private List<Candidate> candidates(Condition condition) {
    flushPending();
    Table<?> loads =
        DSL.select(ASSIGNEE_COUNT.MEMBER_ID, DSL.sum(ASSIGNEE_COUNT.OPEN_TICKETS).as(OPEN_LOAD))
            .from(ASSIGNEE_COUNT)
            .groupBy(ASSIGNEE_COUNT.MEMBER_ID)
            .asTable("loads");
    Field<BigDecimal> open = loads.field(OPEN_LOAD, BigDecimal.class);
    Table<?> from =
        MEMBERS.leftJoin(loads).on(loads.field(ASSIGNEE_COUNT.MEMBER_ID).eq(MEMBERS.ID));
    Condition moderators = MEMBERS.ROLE.eq(Role.MODERATOR.name()).and(condition);
    return memberRows(from, moderators, open).stream()
        .map(
            found ->
                new Candidate(
                    found.member(),
                    Optional.ofNullable(found.row().get(open))
                        .map(BigDecimal::intValueExact)
                        .orElse(0),
                    Optional.ofNullable(found.row().get(MEMBERS.LAST_ASSIGNED_AT))))
        .toList();
  }

  // ---- tickets

  @Override
  public void insertTicket(Ticket ticket) {
    checkWritable();
    TicketsRecord row = Rows.ticketRecord(ticket);
    row.setFirstAssignedAt(ticket.assignment().map(Assignment::assignedAt).orElse(null));
    dsl.insertInto(TICKETS).set(row).execute();
    counters.add(AnalyticsCounters.Counted.of(ticket), 1);
    ticket.analysis().ifPresent(analysis -> writeTicketSkills(ticket.id(), analysis));
    ticket.assignment().ifPresent(this::recordAssignment);
  }

  @Override
  public Ticket updateTicket(Ticket ticket) {
    checkWritable();
    lockWritersOnH2();
    UUID id = ticket.id().value();
    Ticket written = ticket.withVersion(ticket.version() + 1);
    TicketsRecord row = Rows.ticketRecord(written);
    row.changed(TICKETS.ID, false);
    row.changed(TICKETS.CREATED_AT, false);
    Optional<Assignment> assignment = written.assignment();
    var update = dsl.update(TICKETS).set(row);
    if (assignment.isPresent()) {
      update =
          update.set(
              TICKETS.FIRST_ASSIGNED_AT,
              DSL.coalesce(TICKETS.FIRST_ASSIGNED_AT, DSL.val(assignment.get().assignedAt())));
    }
    Record stored;
    if (postgres()) {
      // One statement: lock the row (in the mode an UPDATE of non-key columns takes, which does
      // not block the key-share locks of inserting this ticket's events and comments), check its
      // version, write it and return what it held. The lock returns the row as last committed, and
      // the UPDATE re-checks its condition against that row, so a concurrent write is a conflict.
      Table<?> before =
          DSL.select(STORED_COLUMNS)
              .select(TICKETS.ID)
              .from(TICKETS)
              .where(TICKETS.ID.eq(id))
              .forNoKeyUpdate()
              .asTable("stored");
      stored =
          update
              .from(before)
              .where(TICKETS.ID.eq(before.field(TICKETS.ID)))
              .and(before.field(TICKETS.VERSION).eq(ticket.version()))
              .returningResult(before.fields(STORED_COLUMNS))
              .fetchOptional()
              // "stored"."version" and so on, read back as the tickets columns (by name).
              .map(found -> found.into(STORED_COLUMNS))
              .orElseThrow(() -> conflictOrMissing(ticket));
    } else {
      stored =
          dsl.select(STORED_COLUMNS)
              .from(TICKETS)
              .where(TICKETS.ID.eq(id))
              .forUpdate()
              .fetchOptional()
              .orElseThrow(() -> new TicketNotFoundException(ticket.id()));
      long storedVersion = stored.get(TICKETS.VERSION);
      if (storedVersion != ticket.version()) {
        throw new TicketConflictException(ticket.id(), ticket.version(), storedVersion);
      }
      update.where(TICKETS.ID.eq(id)).execute();
    }
    // An analysis is replaced as a whole, with a new time: only then do its skills change.
    Optional<Instant> storedAnalysisAt = Optional.ofNullable(stored.get(TICKETS.ANALYSIS_AT));
    if (!written.analysis().map(Analysis::analysedAt).equals(storedAnalysisAt)) {
      if (storedAnalysisAt.isPresent()) {
        // Only an analysis writes skills: with none stored there are none to delete.
        dsl.deleteFrom(TICKET_SKILL).where(TICKET_SKILL.TICKET_ID.eq(id)).execute();
      }
      written.analysis().ifPresent(analysis -> writeTicketSkills(written.id(), analysis));
    }
    boolean assignmentChanged =
        assignment.isPresent()
            && !(assignment.get().assignee().value().equals(stored.get(TICKETS.ASSIGNEE_ID))
                && assignment.get().assignedAt().equals(stored.get(TICKETS.ASSIGNED_AT)));
    if (assignmentChanged) {
      recordAssignment(assignment.get());
    }
    LocalDate createdOn = AnalyticsCounters.Counted.day(stored.get(TICKETS.CREATED_AT));
    counters.change(
        new AnalyticsCounters.Counted(
            stored.get(TICKETS.STATUS),
            stored.get(TICKETS.EFFECTIVE_PRIORITY),
            createdOn,
            storedAnalysisAt.isPresent(),
            Boolean.TRUE.equals(stored.get(TICKETS.ANALYSIS_FALLBACK)),
            stored.get(TICKETS.ASSIGNEE_ID)),
        AnalyticsCounters.Counted.of(written, createdOn));
    return written;
  }

  /** Why a PostgreSQL update wrote nothing: the ticket is gone, or at another version. */
  private RuntimeException conflictOrMissing(Ticket ticket) {
    return dsl.select(TICKETS.VERSION)
        .from(TICKETS)
        .where(TICKETS.ID.eq(ticket.id().value()))
        .fetchOptional(TICKETS.VERSION)
        .<RuntimeException>map(
            version -> new TicketConflictException(ticket.id(), ticket.version(), version))
        .orElseGet(() -> new TicketNotFoundException(ticket.id()));
  }

  private void writeTicketSkills(TicketId id, Analysis analysis) {
    if (analysis.skills().isEmpty()) {
      return;
    }
    var insert =
        dsl.insertInto(
            TICKET_SKILL, TICKET_SKILL.TICKET_ID, TICKET_SKILL.POSITION, TICKET_SKILL.SKILL);
    short position = 0;
    for (Skill skill : analysis.skills()) {
      insert = insert.values(id.value(), position++, skill.name());
    }
    insert.execute();
  }

  /** Keeps the assignee's "last assigned" time, the assigner's tie-break. */
  private void recordAssignment(Assignment assignment) {
    dsl.update(MEMBERS)
        .set(MEMBERS.LAST_ASSIGNED_AT, assignment.assignedAt())
        .where(MEMBERS.ID.eq(assignment.assignee().value()))
        .and(
            MEMBERS
                .LAST_ASSIGNED_AT
                .isNull()
                .or(MEMBERS.LAST_ASSIGNED_AT.lt(assignment.assignedAt())))
        .execute();
  }

  @Override
  public Optional<Ticket> findTicket(TicketId id) {
    checkUsable();
    Field<String[]> skills = ticketSkills();
    return dsl.select(TICKETS.fields())
        .select(skills)
        .from(TICKETS)
        .where(TICKETS.ID.eq(id.value()))
        .fetchOptional()
        .map(row -> Rows.ticket(row, Rows.skills(row.get(skills))));
  }

  /**
   * A ticket's skills as an array in their order (null with none), read beside its row: one round
   * trip for a ticket or a page of them.
   */
  private static Field<String[]> ticketSkills() {
    return DSL.field(
        DSL.select(DSL.arrayAgg(TICKET_SKILL.SKILL).orderBy(TICKET_SKILL.POSITION))
            .from(TICKET_SKILL)
            .where(TICKET_SKILL.TICKET_ID.eq(TICKETS.ID)));
  }

  @Override
  public Page<Ticket> listTickets(TicketQuery query) {
    checkUsable();
    List<Condition> conditions = new ArrayList<>();
    if (!query.statuses().isEmpty()) {
      conditions.add(TICKETS.STATUS.in(query.statuses().stream().map(TicketStatus::name).toList()));
      if (!query.statuses().contains(TicketStatus.COMPLETED)) {
        // Redundant, but lets PostgreSQL prove that its partial "open tickets" indexes apply.
        conditions.add(TICKETS.STATUS.ne(TicketStatus.COMPLETED.name()));
      }
    }
    if (!query.priorities().isEmpty()) {
      conditions.add(
          TICKETS.EFFECTIVE_PRIORITY.in(
              query.priorities().stream().map(priority -> (short) priority.rank()).toList()));
    }
    query.assignee().ifPresent(id -> conditions.add(TICKETS.ASSIGNEE_ID.eq(id.value())));
    query.requester().ifPresent(id -> conditions.add(TICKETS.REQUESTER_ID.eq(id.value())));
    query.needsTriage().ifPresent(triage -> conditions.add(TICKETS.NEEDS_TRIAGE.eq(triage)));
    query.text().ifPresent(text -> conditions.add(textCondition(text)));
    query.after().ifPresent(cursor -> conditions.add(afterCursor(cursor)));
    Field<String[]> skills = ticketSkills();
    List<Ticket> rows =
        dsl.select(TICKETS.fields())
            .select(skills)
            .from(TICKETS)
            .where(conditions)
            .orderBy(orderOf(query.sort()))
            .limit(query.limit() + 1)
            .fetch(row -> Rows.ticket(row, Rows.skills(row.get(skills))));
    boolean more = rows.size() > query.limit();
    List<Ticket> items = more ? rows.subList(0, query.limit()) : rows;
    Optional<String> next =
        more
            ? Optional.of(TicketCursor.after(query.sort(), items.get(items.size() - 1)).encode())
            : Optional.empty();
    return new Page<>(items, next);
  }

  private static List<SortField<?>> orderOf(TicketSort sort) {
    return switch (sort) {
      case NEWEST -> List.of(TICKETS.CREATED_AT.desc(), TICKETS.ID.desc());
      case PRIORITY ->
          List.of(
              Rows.PRIORITY_ORDER.asc(),
              TICKETS.DUE_SORT.asc(),
              TICKETS.CREATED_AT.asc(),
              TICKETS.ID.asc());
    };
  }

  /** Rows strictly after the cursor in its order (the order's definition is TicketCursor's). */
  private static Condition afterCursor(TicketCursor cursor) {
    UUID id = cursor.id().value();
    return switch (cursor.sort()) {
      case NEWEST -> DSL.row(TICKETS.CREATED_AT, TICKETS.ID).lt(cursor.createdAt(), id);
      case PRIORITY ->
          DSL.row(Rows.PRIORITY_ORDER, TICKETS.DUE_SORT, TICKETS.CREATED_AT, TICKETS.ID)
              .gt(
                  Rows.priorityOrder(cursor.priorityRank()),
                  cursor.dueSortKey(),
                  cursor.createdAt(),
                  id);
    };
  }

  /**
   * PostgreSQL: full-text search over the generated {@code search} column ('simple' configuration,
   * web search syntax: every word must occur). H2: every word must occur, ignoring case, in the
   * title or the description.
   */
  private Condition textCondition(String text) {
    if (postgres()) {
      return DSL.condition("search @@ websearch_to_tsquery('simple', {0})", DSL.val(text));
    }
    List<Condition> words = new ArrayList<>();
    for (String word : text.toLowerCase(Locale.ROOT).split("\\s+")) {
      if (word.isEmpty()) {
        continue;
      }
      String pattern = "%" + word.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
      words.add(
          DSL.lower(TICKETS.TITLE)
              .like(pattern, '!')
              .or(DSL.lower(TICKETS.DESCRIPTION).like(pattern, '!')));
    }
    return DSL.and(words);
  }

  // ---- comments

  @Override
  public void insertComment(Comment comment) {
    checkWritable();
    lockWritersOnH2();
    requireTicket(comment.ticketId());
    dsl.insertInto(COMMENTS)
        .set(COMMENTS.ID, comment.id().value())
        .set(COMMENTS.TICKET_ID, comment.ticketId().value())
        .set(COMMENTS.AUTHOR_ID, comment.author().value())
        .set(COMMENTS.BODY, comment.body())
        .set(COMMENTS.INTERNAL, comment.internal())
        .set(COMMENTS.CREATED_AT, comment.createdAt())
        .execute();
  }

  private void requireTicket(TicketId id) {
    if (!dsl.fetchExists(TICKETS, TICKETS.ID.eq(id.value()))) {
      throw new TicketNotFoundException(id);
    }
  }

  @Override
  public List<Comment> listComments(TicketId ticketId) {
    checkUsable();
    return dsl.selectFrom(COMMENTS)
        .where(COMMENTS.TICKET_ID.eq(ticketId.value()))
        .orderBy(COMMENTS.CREATED_AT, COMMENTS.SEQ)
        .fetch(Rows::comment);
  }

  // ---- events

  @Override
  public void appendEvent(NewTicketEvent event) {
    checkWritable();
    lockWritersOnH2();
    // PostgreSQL: no position yet; the EventSequencer numbers the event once it has committed.
    // H2: the writers' lock is held until commit, so the next position is the commit-order one.
    org.jooq.Field<Long> position =
        postgres()
            ? DSL.castNull(TICKET_EVENT.LOG_POSITION)
            : DSL.field(
                DSL.select(DSL.coalesce(DSL.max(TICKET_EVENT.LOG_POSITION), 0L).plus(1))
                    .from(TICKET_EVENT));
    Query insert =
        dsl.insertInto(TICKET_EVENT)
            .set(TICKET_EVENT.TICKET_ID, event.ticketId().value())
            .set(TICKET_EVENT.TYPE, event.type().name())
            .set(TICKET_EVENT.ACTOR_ID, event.actor().map(MemberId::value).orElse(null))
            .set(TICKET_EVENT.AT, event.at())
            .set(TICKET_EVENT.REQUESTER_ID, event.requester().value())
            .set(TICKET_EVENT.ASSIGNEE_ID, event.assignee().map(MemberId::value).orElse(null))
            .set(TICKET_EVENT.INTERNAL, event.internal())
            .set(TICKET_EVENT.DATA, JsonMaps.write(event.data()))
            .set(TICKET_EVENT.LOG_POSITION, position);
    if (postgres()) {
      deferred.add(insert);
      unnumberedEvents = true;
    } else {
      insert.execute();
    }
  }

  @Override
  public List<TicketEvent> listEvents(TicketId ticketId) {
    checkUsable();
    flushPending();
    return dsl.selectFrom(TICKET_EVENT)
        .where(TICKET_EVENT.TICKET_ID.eq(ticketId.value()))
        .orderBy(TICKET_EVENT.LOG_POSITION.asc().nullsLast(), TICKET_EVENT.ID)
        .fetch(Rows::event);
  }

  @Override
  public List<TicketEvent> eventsAfter(long afterId, int limit) {
    checkUsable();
    flushPending();
    if (limit < 1) {
      return List.of();
    }
    return dsl.selectFrom(TICKET_EVENT)
        .where(TICKET_EVENT.LOG_POSITION.gt(afterId))
        .orderBy(TICKET_EVENT.LOG_POSITION)
        .limit(limit)
        .fetch(Rows::event);
  }

  @Override
  public long latestEventId() {
    checkUsable();
    flushPending();
    Long max =
        dsl.select(DSL.max(TICKET_EVENT.LOG_POSITION)).from(TICKET_EVENT).fetchOne(Record1::value1);
    return max == null ? 0 : max;
  }

  // ---- jobs

  @Override
  public Job enqueue(NewJob job) {
    checkWritable();
    Instant now = support.clock().instant().truncatedTo(ChronoUnit.MICROS);
    JobsRecord row =
        dsl.insertInto(JOBS)
            .set(JOBS.TYPE, job.type().name())
            .set(JOBS.TICKET_ID, job.ticketId().value())
            .set(JOBS.PAYLOAD, JsonMaps.write(job.payload()))
            .set(JOBS.STATUS, JobStatus.QUEUED.name())
            .set(JOBS.ATTEMPTS, 0)
            .set(JOBS.RUN_AT, job.runAt())
            .set(JOBS.CREATED_AT, now)
            .set(JOBS.UPDATED_AT, now)
            .returning()
            .fetchOne();
    jobsEnqueued |= support.notifies();
    return Rows.job(row);
  }

  @Override
  public Optional<Job> findJob(long jobId) {
    checkUsable();
    return dsl.selectFrom(JOBS).where(JOBS.ID.eq(jobId)).fetchOptional().map(Rows::job);
  }

  @Override
  public List<Job> listJobs(JobStatus status, int limit) {
    checkUsable();
    if (limit < 1) {
      return List.of();
    }
    return dsl.selectFrom(JOBS)
        .where(JOBS.STATUS.eq(status.name()))
        .orderBy(JOBS.ID)
        .limit(limit)
        .fetch(Rows::job);
  }

  @Override
  public long countJobs(JobStatus status) {
    checkUsable();
    return dsl.fetchCount(JOBS, JOBS.STATUS.eq(status.name()));
  }

  @Override
  public void completeJob(long jobId, UUID leaseToken, Instant now) {
    checkWritable();
    finishLeased(jobId, leaseToken, JobStatus.DONE, null, Optional.empty(), now);
  }

  @Override
  public void rescheduleJob(long jobId, UUID leaseToken, Instant runAt, String error, Instant now) {
    checkWritable();
    finishLeased(jobId, leaseToken, JobStatus.QUEUED, runAt, Optional.of(error), now);
  }

  @Override
  public void deadLetterJob(long jobId, UUID leaseToken, String error, Instant now) {
    checkWritable();
    finishLeased(jobId, leaseToken, JobStatus.DEAD, null, Optional.of(error), now);
  }

  /** Ends a claim, fenced by the lease token; {@link LeaseLostException} if it is not held. */
  private void finishLeased(
      long jobId,
      UUID leaseToken,
      JobStatus status,
      Instant runAt,
      Optional<String> error,
      Instant now) {
    var update =
        dsl.update(JOBS)
            .set(JOBS.STATUS, status.name())
            .set(JOBS.LEASE_TOKEN, (UUID) null)
            .set(JOBS.LEASE_EXPIRES_AT, (Instant) null)
            .set(JOBS.UPDATED_AT, now);
    if (runAt != null) {
      update = update.set(JOBS.RUN_AT, runAt);
    }
    if (error.isPresent()) {
      update = update.set(JOBS.LAST_ERROR, error.get());
    }
    int updated =
        update
            .where(JOBS.ID.eq(jobId))
            .and(JOBS.STATUS.eq(JobStatus.RUNNING.name()))
            .and(JOBS.LEASE_TOKEN.eq(leaseToken))
            .execute();
    if (updated == 0) {
      throw new LeaseLostException(jobId);
    }
  }

  @Override
  public Job retryDeadJob(long jobId, Instant now) {
    checkWritable();
    int updated =
        dsl.update(JOBS)
            .set(JOBS.STATUS, JobStatus.QUEUED.name())
            .set(JOBS.ATTEMPTS, 0)
            .set(JOBS.RUN_AT, now)
            .set(JOBS.UPDATED_AT, now)
            .where(JOBS.ID.eq(jobId))
            .and(JOBS.STATUS.eq(JobStatus.DEAD.name()))
            .execute();
    if (updated == 0) {
      throw new NotFoundException("job", Long.toString(jobId));
    }
    jobsEnqueued |= support.notifies();
    return findJob(jobId).orElseThrow();
  }

  @Override
  public int pruneDoneJobs(Instant before) {
    checkWritable();
    return dsl.deleteFrom(JOBS)
        .where(JOBS.STATUS.eq(JobStatus.DONE.name()))
        .and(JOBS.UPDATED_AT.lt(before))
        .execute();
  }

  /** Deletes at most {@code max} done jobs last updated before {@code before}. */
  public int pruneDoneJobs(Instant before, int max) {
    checkWritable();
    return dsl.deleteFrom(JOBS)
        .where(
            JOBS.ID.in(
                DSL.select(JOBS.ID)
                    .from(JOBS)
                    .where(JOBS.STATUS.eq(JobStatus.DONE.name()))
                    .and(JOBS.UPDATED_AT.lt(before))
                    .orderBy(JOBS.UPDATED_AT)
                    .limit(max)))
        .execute();
  }

  /**
   * Claims due jobs: locks them with {@code FOR UPDATE SKIP LOCKED} (so concurrent claimers pass
   * each other by) and hands each a fresh lease token.
   */
  public List<Job> claim(Instant now, Duration lease, int max) {
    checkWritable();
    Instant expiry = now.plus(lease);
    if (postgres()) {
      return claimInOneStatement(now, expiry, max);
    }
    List<Long> ids = dueJobs(now, max).fetch(JOBS.ID);
    if (ids.isEmpty()) {
      return List.of();
    }
    Map<Long, UUID> tokens = new LinkedHashMap<>();
    List<Query> updates = new ArrayList<>(ids.size());
    for (Long id : ids) {
      UUID token = UUID.randomUUID();
      tokens.put(id, token);
      updates.add(
          dsl.update(JOBS)
              .set(JOBS.STATUS, JobStatus.RUNNING.name())
              .set(JOBS.ATTEMPTS, JOBS.ATTEMPTS.plus(1))
              .set(JOBS.RUN_AT, now)
              .set(JOBS.LEASE_TOKEN, token)
              .set(JOBS.LEASE_EXPIRES_AT, expiry)
              .set(JOBS.UPDATED_AT, now)
              .where(JOBS.ID.eq(id)));
    }
    dsl.batch(updates).execute();
    Map<Long, Job> claimed =
        dsl.selectFrom(JOBS).where(JOBS.ID.in(ids)).fetch(Rows::job).stream()
            .collect(Collectors.toMap(Job::id, job -> job));
    return ids.stream().map(claimed::get).toList();
  }

  /** The oldest due jobs, locked, skipping those another claim holds. */
  private Select<Record2<Long, Instant>> dueJobs(Instant now, int max) {
    return dsl.select(JOBS.ID, JOBS.RUN_AT)
        .from(JOBS)
        .where(JOBS.RUN_AT.le(now))
        .and(JOBS.STATUS.in(JobStatus.QUEUED.name(), JobStatus.RUNNING.name()))
        .and(JOBS.STATUS.eq(JobStatus.QUEUED.name()).or(JOBS.LEASE_EXPIRES_AT.le(now)))
        .orderBy(JOBS.RUN_AT, JOBS.ID)
        .limit(max)
        .forUpdate()
        .skipLocked();
  }

  /**
   * PostgreSQL: the claim as one statement (one round trip instead of three plus one statement per
   * job): an UPDATE whose FROM locks the due jobs, each given a fresh token by the database, and
   * that returns the claimed rows with the time each was due, for the oldest-first order.
   */
  private List<Job> claimInOneStatement(Instant now, Instant expiry, int max) {
    Table<Record2<Long, Instant>> due = dueJobs(now, max).asTable("due");
    Field<Long> dueId = due.field(JOBS.ID);
    Field<Instant> dueAt = due.field(JOBS.RUN_AT).as("due_at");
    List<Field<?>> returned = new ArrayList<>(List.of(JOBS.fields()));
    returned.add(dueAt);
    return dsl
        .update(JOBS)
        .set(JOBS.STATUS, JobStatus.RUNNING.name())
        .set(JOBS.ATTEMPTS, JOBS.ATTEMPTS.plus(1))
        .set(JOBS.RUN_AT, now)
        .set(JOBS.LEASE_TOKEN, DSL.field("gen_random_uuid()", SQLDataType.UUID))
        .set(JOBS.LEASE_EXPIRES_AT, expiry)
        .set(JOBS.UPDATED_AT, now)
        .from(due)
        .where(JOBS.ID.eq(dueId))
        .returningResult(returned)
        .fetch()
        .stream()
        .sorted(
            Comparator.comparing((Record row) -> row.get(dueAt.getName(), Instant.class))
                .thenComparing(row -> row.get(JOBS.ID)))
        .map(row -> Rows.job(row.into(JOBS)))
        .toList();
  }

  // ---- analytics

  @Override
  public Analytics analytics(Instant now, int days) {
    checkUsable();
    if (days < 1) {
      throw new InvalidInputException("days", "must be at least 1");
    }
    // Figures read in a transaction include its own ticket writes.
    flushPending();
    return support.analytics(now, days, () -> new AnalyticsQueries(dsl).compute(now, days));
  }
}
