package io.helpdesk.core.model;

import io.helpdesk.core.InvalidInputException;
import io.helpdesk.core.internal.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The vocabulary in which analyses and moderators' skills meet: canonical skills, each with the
 * words people really write for it ({@code "k8s"} and {@code "helm"} mean {@code kubernetes}).
 *
 * <p>JSON format (the default ships as {@code io/helpdesk/core/default-taxonomy.json}):
 *
 * <pre>{"skills": [{"name": "kubernetes", "synonyms": ["k8s", "helm", "pod"]}]}</pre>
 *
 * Immutable and thread-safe.
 */
public final class SkillTaxonomy {
  private static final String DEFAULT_RESOURCE = "/io/helpdesk/core/default-taxonomy.json";

  private final Map<Skill, List<String>> synonymsBySkill;
  private final Map<String, Skill> skillByTerm;

  private SkillTaxonomy(Map<Skill, List<String>> synonymsBySkill) {
    this.synonymsBySkill = Collections.unmodifiableMap(new LinkedHashMap<>(synonymsBySkill));
    Map<String, Skill> terms = new LinkedHashMap<>();
    synonymsBySkill.forEach(
        (skill, synonyms) -> {
          terms.put(skill.name(), skill);
          for (String synonym : synonyms) {
            Skill previous = terms.putIfAbsent(termKey(synonym), skill);
            if (previous != null && !previous.equals(skill)) {
              throw new IllegalArgumentException(
                  "synonym '" + synonym + "' is claimed by " + previous + " and " + skill);
            }
          }
        });
    this.skillByTerm = Collections.unmodifiableMap(terms);
  }

  /** Builds a taxonomy from canonical skill names and their synonyms. */
  public static SkillTaxonomy of(Map<String, List<String>> synonymsBySkillName) {
    Map<Skill, List<String>> skills = new LinkedHashMap<>();
    synonymsBySkillName.forEach(
        (name, synonyms) -> skills.put(Skill.of(name), List.copyOf(synonyms)));
    return new SkillTaxonomy(skills);
  }

  /** Reads the JSON format shown in the class documentation. */
  @SuppressWarnings("unchecked")
  public static SkillTaxonomy fromJson(String json) {
    Map<String, List<String>> skills = new LinkedHashMap<>();
    try {
      Object list = Json.parseObject(json).get("skills");
      if (!(list instanceof List<?> entries)) {
        throw new IllegalArgumentException("taxonomy JSON needs a \"skills\" array");
      }
      for (Object entry : entries) {
        Map<String, Object> skill = (Map<String, Object>) entry;
        String name = (String) skill.get("name");
        List<String> synonyms = new ArrayList<>();
        Object given = skill.getOrDefault("synonyms", List.of());
        for (Object synonym : (List<Object>) given) {
          synonyms.add((String) synonym);
        }
        if (name == null) {
          throw new IllegalArgumentException("every taxonomy skill needs a \"name\"");
        }
        skills.put(name, synonyms);
      }
    } catch (ClassCastException e) {
      throw new IllegalArgumentException("taxonomy JSON has a value of the wrong type", e);
    }
    return of(skills);
  }

  /** The taxonomy shipped with the engine (24 skills of a typical SaaS support team). */
  public static SkillTaxonomy defaults() {
    try (InputStream in = SkillTaxonomy.class.getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + DEFAULT_RESOURCE);
      }
      return fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The canonical skills, in the order the taxonomy lists them. */
  public Set<Skill> skills() {
    return synonymsBySkill.keySet();
  }

  /** The synonyms of a canonical skill (empty for an unknown one). */
  public List<String> synonymsOf(Skill skill) {
    return synonymsBySkill.getOrDefault(skill, List.of());
  }

  /**
   * Maps a skill name or synonym, in any spelling ({@code "K8s"}, {@code "Backend API"}), to its
   * canonical skill; empty when the taxonomy does not know it.
   */
  public Optional<Skill> resolve(String term) {
    if (term == null || term.isBlank() || term.length() > Skill.MAX_LENGTH) {
      return Optional.empty();
    }
    Skill direct = skillByTerm.get(termKey(term));
    if (direct != null) {
      return Optional.of(direct);
    }
    return Optional.ofNullable(skillByTerm.get(Skill.normalise(term)));
  }

  /**
   * Resolves every term or throws an {@link InvalidInputException} naming the unknown ones, for
   * input from people (an admin editing a moderator's skills).
   */
  public Set<Skill> resolveAll(String field, Collection<String> terms) {
    Set<Skill> resolved = new LinkedHashSet<>();
    List<String> unknown = new ArrayList<>();
    for (String term : terms) {
      resolve(term).ifPresentOrElse(resolved::add, () -> unknown.add(term));
    }
    if (!unknown.isEmpty()) {
      throw new InvalidInputException(
          field, "unknown skills " + unknown + "; known skills are " + skills());
    }
    return resolved;
  }

  private static String termKey(String term) {
    return term.strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
  }
}
