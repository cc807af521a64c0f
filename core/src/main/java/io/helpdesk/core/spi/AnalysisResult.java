package io.helpdesk.core.spi;

import io.helpdesk.core.model.Limits;
import io.helpdesk.core.model.Priority;
import io.helpdesk.core.model.Skill;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An analyzer's answer. The constructor enforces the bounds (at most {@link
 * Limits#MAX_ANALYSIS_SKILLS} distinct skills, notes at most {@link Limits#MAX_NOTES_LENGTH}
 * characters without control characters), so no analyzer, however it was prompted, can hand the
 * engine anything outside them; {@link #bounded} cuts an over-long answer down instead of failing.
 *
 * @param priority the judged priority
 * @param skills the needed skills, most important first
 * @param notes helpful notes for the moderator
 * @param producedBy the analyzer's name (model name or {@code keyword})
 * @param usage token counts and latency, for models
 */
public record AnalysisResult(
    Priority priority,
    List<Skill> skills,
    String notes,
    String producedBy,
    Optional<ModelUsage> usage) {
  public AnalysisResult {
    Objects.requireNonNull(priority, "priority");
    skills = List.copyOf(new LinkedHashSet<>(skills));
    if (skills.size() > Limits.MAX_ANALYSIS_SKILLS) {
      throw new IllegalArgumentException("at most " + Limits.MAX_ANALYSIS_SKILLS + " skills");
    }
    Objects.requireNonNull(notes, "notes");
    if (!notes.equals(Limits.sanitise(notes, Limits.MAX_NOTES_LENGTH))) {
      throw new IllegalArgumentException("notes must be sanitised (use AnalysisResult.bounded)");
    }
    Objects.requireNonNull(producedBy, "producedBy");
    Objects.requireNonNull(usage, "usage");
  }

  /** Builds a result, keeping the first 5 distinct skills and sanitising and capping the notes. */
  public static AnalysisResult bounded(
      Priority priority,
      List<Skill> skills,
      String notes,
      String producedBy,
      Optional<ModelUsage> usage) {
    List<Skill> distinct = new ArrayList<>(new LinkedHashSet<>(skills));
    List<Skill> capped = distinct.subList(0, Math.min(distinct.size(), Limits.MAX_ANALYSIS_SKILLS));
    return new AnalysisResult(
        priority, capped, Limits.sanitise(notes, Limits.MAX_NOTES_LENGTH), producedBy, usage);
  }
}
