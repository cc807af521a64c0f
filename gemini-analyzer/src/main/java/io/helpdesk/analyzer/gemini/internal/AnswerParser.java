package io.helpdesk.analyzer.gemini.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.helpdesk.core.model.Limits;
import io.helpdesk.core.model.Priority;
import io.helpdesk.core.model.Skill;
import io.helpdesk.core.model.SkillTaxonomy;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the model's answer as untrusted input: one JSON object, nothing after it, a priority that
 * is exactly one of ours, skills mapped through the taxonomy (unknown ones dropped, at most {@link
 * Limits#MAX_ANALYSIS_SKILLS}), notes as a string. Capping and stripping the notes is left to
 * {@code AnalysisResult.bounded}. Not API.
 */
public final class AnswerParser {
  /** Answers longer than this are not even parsed. */
  public static final int MAX_ANSWER_CHARS = 256 * 1024;

  private static final int MAX_SKILL_ENTRIES_READ = 100;

  private static final ObjectMapper JSON =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxNestingDepth(16)
                          .maxStringLength(MAX_ANSWER_CHARS)
                          .build())
                  .build())
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .build();

  private final SkillTaxonomy taxonomy;

  public AnswerParser(SkillTaxonomy taxonomy) {
    this.taxonomy = taxonomy;
  }

  /** A parsed answer, before the engine's bounds are applied. */
  public record Answer(Priority priority, List<Skill> skills, String notes) {}

  /** Thrown for any answer that breaks the expected shape. The message never quotes the answer. */
  public static final class UnusableAnswerException extends Exception {
    private static final long serialVersionUID = 1L;

    UnusableAnswerException(String message) {
      super(message);
    }
  }

  public Answer parse(String text) throws UnusableAnswerException {
    if (text == null || text.isBlank()) {
      throw new UnusableAnswerException("empty answer");
    }
    if (text.length() > MAX_ANSWER_CHARS) {
      throw new UnusableAnswerException("answer longer than " + MAX_ANSWER_CHARS + " characters");
    }
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new UnusableAnswerException("answer is not valid JSON");
    }
    if (root == null || !root.isObject()) {
      throw new UnusableAnswerException("answer is not a JSON object");
    }
    return new Answer(
        priority(root.get("priority")), skills(root.get("relatedSkills")), notes(root));
  }

  private static Priority priority(JsonNode node) throws UnusableAnswerException {
    if (node == null || !node.isTextual()) {
      throw new UnusableAnswerException("priority missing or not a string");
    }
    for (Priority priority : Priority.values()) {
      if (priority.name().equals(node.textValue())) {
        return priority;
      }
    }
    throw new UnusableAnswerException("priority is not one of LOW, MEDIUM, HIGH, URGENT");
  }

  private List<Skill> skills(JsonNode node) throws UnusableAnswerException {
    if (node == null || !node.isArray()) {
      throw new UnusableAnswerException("relatedSkills missing or not an array");
    }
    Set<Skill> skills = new LinkedHashSet<>();
    int read = 0;
    for (JsonNode entry : node) {
      if (read++ >= MAX_SKILL_ENTRIES_READ || skills.size() >= Limits.MAX_ANALYSIS_SKILLS) {
        break;
      }
      if (entry.isTextual()) {
        taxonomy.resolve(entry.textValue()).ifPresent(skills::add);
      }
    }
    return new ArrayList<>(skills);
  }

  private static String notes(JsonNode root) throws UnusableAnswerException {
    JsonNode node = root.get("helpfulNotes");
    if (node == null || node.isNull()) {
      return "";
    }
    if (!node.isTextual()) {
      throw new UnusableAnswerException("helpfulNotes is not a string");
    }
    return node.textValue();
  }
}
