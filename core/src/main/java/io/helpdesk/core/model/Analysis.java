package io.helpdesk.core.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The stored result of analysing a ticket.
 *
 * @param priority the priority the analyzer judged
 * @param skills the skills needed to solve the ticket, in the taxonomy's vocabulary, at most {@link
 *     Limits#MAX_ANALYSIS_SKILLS}
 * @param notes helpful notes for the moderator (untrusted text: render escaped), at most {@link
 *     Limits#MAX_NOTES_LENGTH} characters
 * @param producedBy the analyzer's name (a model name, or {@code keyword} for the offline analyzer)
 * @param analysedAt when the analysis was stored
 * @param fallback true when the configured analyzer failed and the offline analyzer answered
 */
public record Analysis(
    Priority priority,
    List<Skill> skills,
    String notes,
    String producedBy,
    Instant analysedAt,
    boolean fallback) {
  public Analysis {
    Objects.requireNonNull(priority, "priority");
    skills = List.copyOf(skills);
    Objects.requireNonNull(notes, "notes");
    Objects.requireNonNull(producedBy, "producedBy");
    Objects.requireNonNull(analysedAt, "analysedAt");
    if (skills.size() > Limits.MAX_ANALYSIS_SKILLS) {
      throw new IllegalArgumentException("at most " + Limits.MAX_ANALYSIS_SKILLS + " skills");
    }
    if (notes.length() > Limits.MAX_NOTES_LENGTH) {
      throw new IllegalArgumentException("notes longer than " + Limits.MAX_NOTES_LENGTH);
    }
  }
}
