package io.helpdesk.store.jooq.internal;

import static io.helpdesk.store.jooq.internal.schema.Tables.COMMENTS;
import static io.helpdesk.store.jooq.internal.schema.Tables.JOBS;
import static io.helpdesk.store.jooq.internal.schema.Tables.MEMBERS;
import static io.helpdesk.store.jooq.internal.schema.Tables.TICKETS;
import static io.helpdesk.store.jooq.internal.schema.Tables.TICKET_EVENT;

import io.helpdesk.core.model.Analysis;
import io.helpdesk.core.model.Assignment;
import io.helpdesk.core.model.AssignmentSource;
import io.helpdesk.core.model.Comment;
import io.helpdesk.core.model.CommentId;
import io.helpdesk.core.model.EventType;
import io.helpdesk.core.model.Member;
import io.helpdesk.core.model.MemberId;
import io.helpdesk.core.model.Priority;
import io.helpdesk.core.model.Role;
import io.helpdesk.core.model.Skill;
import io.helpdesk.core.model.Ticket;
import io.helpdesk.core.model.TicketEvent;
import io.helpdesk.core.model.TicketId;
import io.helpdesk.core.model.TicketSort;
import io.helpdesk.core.model.TicketStatus;
import io.helpdesk.core.spi.Job;
import io.helpdesk.core.spi.JobStatus;
import io.helpdesk.core.spi.JobType;
import io.helpdesk.store.jooq.internal.schema.tables.records.CommentsRecord;
import io.helpdesk.store.jooq.internal.schema.tables.records.JobsRecord;
import io.helpdesk.store.jooq.internal.schema.tables.records.MembersRecord;
import io.helpdesk.store.jooq.internal.schema.tables.records.TicketEventRecord;
import io.helpdesk.store.jooq.internal.schema.tables.records.TicketsRecord;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/** Converts between table rows and the domain's values. Not API. */
final class Rows {
  private Rows() {}

  static MembersRecord memberRecord(Member member) {
    MembersRecord row = new MembersRecord();
    row.setId(member.id().value());
    row.setEmail(member.email());
    row.setDisplayName(member.displayName());
    row.setRole(member.role().name());
    row.setCapacity(member.capacity());
    row.setActive(member.active());
    row.setCreatedAt(member.createdAt());
    return row;
  }

  /** A member from a row with the member's columns and their skills read as an array. */
  static Member member(Record row, String[] skillNames) {
    Set<Skill> skills = new HashSet<>();
    if (skillNames != null) {
      for (String name : skillNames) {
        skills.add(new Skill(name));
      }
    }
    return new Member(
        new MemberId(row.get(MEMBERS.ID)),
        row.get(MEMBERS.EMAIL),
        row.get(MEMBERS.DISPLAY_NAME),
        Role.valueOf(row.get(MEMBERS.ROLE)),
        skills,
        row.get(MEMBERS.CAPACITY),
        row.get(MEMBERS.ACTIVE),
        row.get(MEMBERS.CREATED_AT));
  }

  /**
   * The ascending key of {@link TicketSort#PRIORITY}'s first column, most urgent first: the
   * database generates it as {@code 3 - effective_priority} (V6), outside the generated schema
   * classes (which are read from the migrations both databases share).
   */
  static final Field<Short> PRIORITY_ORDER =
      DSL.field(DSL.name("tickets", "priority_order"), SQLDataType.SMALLINT);

  /** {@link #PRIORITY_ORDER} of a priority rank. */
  static short priorityOrder(int rank) {
    return (short) (3 - rank);
  }

  /** Every column of a ticket row, including the derived sort keys. */
  static TicketsRecord ticketRecord(Ticket ticket) {
    TicketsRecord row = new TicketsRecord();
    row.setId(ticket.id().value());
    row.setTitle(ticket.title());
    row.setDescription(ticket.description());
    row.setRequesterId(ticket.requester().value());
    row.setRequestedPriority(ticket.requestedPriority().map(Priority::name).orElse(null));
    row.setDeadline(ticket.deadline().orElse(null));
    row.setStatus(ticket.status().name());
    row.setPriorityOverride(ticket.priorityOverride().map(Priority::name).orElse(null));
    row.setEffectivePriority((short) ticket.effectivePriority().rank());
    row.setDueSort(TicketSort.dueSortKey(ticket));
    Optional<Analysis> analysis = ticket.analysis();
    row.setAnalysisPriority(analysis.map(a -> a.priority().name()).orElse(null));
    row.setAnalysisNotes(analysis.map(Analysis::notes).orElse(null));
    row.setAnalysisProducedBy(analysis.map(Analysis::producedBy).orElse(null));
    row.setAnalysisAt(analysis.map(Analysis::analysedAt).orElse(null));
    row.setAnalysisFallback(analysis.map(Analysis::fallback).orElse(null));
    Optional<Assignment> assignment = ticket.assignment();
    row.setAssigneeId(assignment.map(a -> a.assignee().value()).orElse(null));
    row.setAssignmentSource(assignment.map(a -> a.source().name()).orElse(null));
    row.setAssignmentDecidedBy(
        assignment.flatMap(Assignment::decidedBy).map(MemberId::value).orElse(null));
    row.setAssignmentScore(assignment.map(Assignment::score).orElse(null));
    row.setAssignmentReason(assignment.map(Assignment::reason).orElse(null));
    row.setAssignedAt(assignment.map(Assignment::assignedAt).orElse(null));
    row.setNeedsTriage(ticket.needsTriage());
    row.setVersion(ticket.version());
    row.setCreatedAt(ticket.createdAt());
    row.setUpdatedAt(ticket.updatedAt());
    row.setCompletedAt(ticket.completedAt().orElse(null));
    return row;
  }

  /** Skill names read as an array (null when there are none), in their order. */
  static List<Skill> skills(String[] names) {
    if (names == null) {
      return List.of();
    }
    List<Skill> skills = new ArrayList<>(names.length);
    for (String name : names) {
      skills.add(new Skill(name));
    }
    return List.copyOf(skills);
  }

  static Ticket ticket(Record row, List<Skill> skills) {
    Optional<Analysis> analysis =
        Optional.ofNullable(row.get(TICKETS.ANALYSIS_PRIORITY))
            .map(
                priority ->
                    new Analysis(
                        Priority.valueOf(priority),
                        skills,
                        row.get(TICKETS.ANALYSIS_NOTES),
                        row.get(TICKETS.ANALYSIS_PRODUCED_BY),
                        row.get(TICKETS.ANALYSIS_AT),
                        row.get(TICKETS.ANALYSIS_FALLBACK)));
    Optional<Assignment> assignment =
        Optional.ofNullable(row.get(TICKETS.ASSIGNEE_ID))
            .map(
                assignee ->
                    new Assignment(
                        new MemberId(assignee),
                        AssignmentSource.valueOf(row.get(TICKETS.ASSIGNMENT_SOURCE)),
                        Optional.ofNullable(row.get(TICKETS.ASSIGNMENT_DECIDED_BY))
                            .map(MemberId::new),
                        row.get(TICKETS.ASSIGNMENT_SCORE),
                        row.get(TICKETS.ASSIGNMENT_REASON),
                        row.get(TICKETS.ASSIGNED_AT)));
    return new Ticket(
        new TicketId(row.get(TICKETS.ID)),
        row.get(TICKETS.TITLE),
        row.get(TICKETS.DESCRIPTION),
        new MemberId(row.get(TICKETS.REQUESTER_ID)),
        Optional.ofNullable(row.get(TICKETS.REQUESTED_PRIORITY)).map(Priority::valueOf),
        Optional.ofNullable(row.get(TICKETS.DEADLINE)),
        TicketStatus.valueOf(row.get(TICKETS.STATUS)),
        Optional.ofNullable(row.get(TICKETS.PRIORITY_OVERRIDE)).map(Priority::valueOf),
        analysis,
        assignment,
        row.get(TICKETS.NEEDS_TRIAGE),
        row.get(TICKETS.VERSION),
        row.get(TICKETS.CREATED_AT),
        row.get(TICKETS.UPDATED_AT),
        Optional.ofNullable(row.get(TICKETS.COMPLETED_AT)));
  }

  static Comment comment(CommentsRecord row) {
    return new Comment(
        new CommentId(row.get(COMMENTS.ID)),
        new TicketId(row.get(COMMENTS.TICKET_ID)),
        new MemberId(row.get(COMMENTS.AUTHOR_ID)),
        row.get(COMMENTS.BODY),
        row.get(COMMENTS.INTERNAL),
        row.get(COMMENTS.CREATED_AT));
  }

  static TicketEvent event(TicketEventRecord row) {
    Long position = row.get(TICKET_EVENT.LOG_POSITION);
    return new TicketEvent(
        position == null ? 0 : position,
        new TicketId(row.get(TICKET_EVENT.TICKET_ID)),
        EventType.valueOf(row.get(TICKET_EVENT.TYPE)),
        Optional.ofNullable(row.get(TICKET_EVENT.ACTOR_ID)).map(MemberId::new),
        row.get(TICKET_EVENT.AT),
        new MemberId(row.get(TICKET_EVENT.REQUESTER_ID)),
        Optional.ofNullable(row.get(TICKET_EVENT.ASSIGNEE_ID)).map(MemberId::new),
        row.get(TICKET_EVENT.INTERNAL),
        JsonMaps.read(row.get(TICKET_EVENT.DATA)));
  }

  static Job job(JobsRecord row) {
    UUID token = row.get(JOBS.LEASE_TOKEN);
    return new Job(
        row.get(JOBS.ID),
        JobType.valueOf(row.get(JOBS.TYPE)),
        new TicketId(row.get(JOBS.TICKET_ID)),
        JsonMaps.read(row.get(JOBS.PAYLOAD)),
        JobStatus.valueOf(row.get(JOBS.STATUS)),
        row.get(JOBS.ATTEMPTS),
        row.get(JOBS.RUN_AT),
        Optional.ofNullable(row.get(JOBS.LAST_ERROR)),
        Optional.ofNullable(token),
        Optional.ofNullable(row.get(JOBS.LEASE_EXPIRES_AT)),
        row.get(JOBS.CREATED_AT),
        row.get(JOBS.UPDATED_AT));
  }
}
