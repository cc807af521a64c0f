package io.helpdesk.core.analyzer;

import io.helpdesk.core.internal.Json;
import io.helpdesk.core.model.Priority;
import io.helpdesk.core.model.Skill;
import io.helpdesk.core.model.SkillTaxonomy;
import io.helpdesk.core.spi.AnalysisRequest;
import io.helpdesk.core.spi.AnalysisResult;
import io.helpdesk.core.spi.TicketAnalyzer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The offline analyzer: deterministic, explainable keyword rules, no network.
 *
 * <p><b>Skills</b> come from the taxonomy's names and synonyms plus the analyzer's own cue phrases
 * ({@code io/helpdesk/core/analyzer/keyword-cues.json}; cues of skills the taxonomy lacks are
 * dropped). Cues match whole tokens; the longest phrase wins, so a mask such as {@code "database
 * id"} keeps {@code database} from counting. Title words count double; cues in a sentence that says
 * something works fine, in a guess ("maybe your database is down"), or device words next to a
 * browser name count less. The strongest skill is kept, others only when close to it (at most 3).
 *
 * <p><b>Priority</b> follows the labelling guideline's decision procedure: URGENT for an outage
 * hitting many users or several customers, a breach, data loss or payments failing for many (never
 * for a non-production environment); HIGH for a deadline within 24 hours or a core function blocked
 * with no workaround; MEDIUM for a defect with a workaround or a vulnerability report; LOW for
 * questions, cosmetic issues and feature requests. The requested priority, capital letters and
 * "ASAP" are ignored, and paragraphs addressed to an automated triage system are skipped entirely.
 *
 * <p>Immutable and thread-safe; all cues are compiled at construction.
 *
 * @since 0.1
 */
public final class KeywordTicketAnalyzer implements TicketAnalyzer {
  private static final String CUES_RESOURCE = "/io/helpdesk/core/analyzer/keyword-cues.json";
  private static final double TAXONOMY_TERM_WEIGHT = 1.5;
  private static final double CANONICAL_NAME_WEIGHT = 2.5;
  private static final double TITLE_FACTOR = 2.0;
  private static final double MIN_SKILL_SCORE = 1.5;
  private static final double MIN_SECONDARY_SCORE = 3.0;
  private static final double SECONDARY_SHARE_OF_TOP = 0.45;
  private static final int MAX_SKILLS = 3;
  private static final int MANY_PEOPLE = 100;
  private static final int PEOPLE_WINDOW = 4;
  private static final Duration NEAR_DEADLINE = Duration.ofHours(24);

  /** A skill cue; {@code skillIndex} is -1 for a mask that only hides the words it covers. */
  private record SkillCue(int skillIndex, double weight) {}

  private record Dampener(Signal signal, double factor) {}

  private final List<Skill> skills;
  private final List<List<Dampener>> dampenersBySkill;
  private final PhraseIndex<SkillCue> skillCues;
  private final PhraseIndex<Signal> signalCues;

  /** An analyzer for the given taxonomy; it never returns a skill outside it. */
  public KeywordTicketAnalyzer(SkillTaxonomy taxonomy) {
    Map<String, Object> cues = loadCues();
    this.skills = List.copyOf(taxonomy.skills());
    Map<Skill, Integer> indexOf = new LinkedHashMap<>();
    for (int index = 0; index < skills.size(); index++) {
      indexOf.put(skills.get(index), index);
    }
    Map<String, SkillCue> skillPhrases = new LinkedHashMap<>();
    for (Skill skill : skills) {
      int index = indexOf.get(skill);
      skillPhrases.put(skill.name(), new SkillCue(index, CANONICAL_NAME_WEIGHT));
      for (String synonym : taxonomy.synonymsOf(skill)) {
        skillPhrases.putIfAbsent(key(synonym), new SkillCue(index, TAXONOMY_TERM_WEIGHT));
      }
    }
    // The analyzer's own weights refine the taxonomy's (e.g. "invoice" is everywhere in an
    // invoicing product, so it barely hints at billing).
    objectAt(cues, "skills")
        .forEach(
            (skillName, phrases) -> {
              Integer index = indexOf.get(Skill.of(skillName));
              if (index == null) {
                return;
              }
              asObject(phrases)
                  .forEach(
                      (phrase, weight) ->
                          skillPhrases.put(
                              key(phrase), new SkillCue(index, ((Number) weight).doubleValue())));
            });
    for (Object mask : listAt(cues, "masks")) {
      skillPhrases.put(key((String) mask), new SkillCue(-1, 0));
    }
    PhraseIndex.Builder<SkillCue> skillIndex = PhraseIndex.builder();
    skillPhrases.forEach(skillIndex::add);
    this.skillCues = skillIndex.build();

    PhraseIndex.Builder<Signal> signalIndex = PhraseIndex.builder();
    Map<String, Object> signals = objectAt(cues, "signals");
    for (Signal signal : Signal.values()) {
      for (Object phrase : listAt(signals, signal.key())) {
        signalIndex.add((String) phrase, signal);
      }
    }
    this.signalCues = signalIndex.build();

    List<List<Dampener>> dampeners = new ArrayList<>();
    for (int index = 0; index < skills.size(); index++) {
      dampeners.add(new ArrayList<>());
    }
    for (Object entry : listAt(cues, "dampeners")) {
      Map<String, Object> dampener = asObject(entry);
      Signal signal = signalByKey((String) dampener.get("signal"));
      double factor = ((Number) dampener.get("factor")).doubleValue();
      List<Object> scope = listAt(dampener, "skills");
      for (int index = 0; index < skills.size(); index++) {
        if (scope.isEmpty() || scope.contains(skills.get(index).name())) {
          dampeners.get(index).add(new Dampener(signal, factor));
        }
      }
    }
    this.dampenersBySkill = dampeners.stream().map(List::copyOf).toList();
  }

  /** An analyzer for {@link SkillTaxonomy#defaults()}. */
  public static KeywordTicketAnalyzer withDefaults() {
    return new KeywordTicketAnalyzer(SkillTaxonomy.defaults());
  }

  @Override
  public String name() {
    return "keyword";
  }

  @Override
  public AnalysisResult analyze(AnalysisRequest request) {
    TicketTokens tokens = TicketTokens.of(request.title(), request.description());
    Evidence evidence = collectSignals(tokens);
    List<String> notes = new ArrayList<>();
    List<Skill> chosen = chooseSkills(tokens, evidence, notes);
    Priority priority = judgePriority(request, tokens, evidence, notes);
    if (evidence.ignoredInstructions) {
      notes.add("Ignored text addressed to an automated triage system.");
    }
    return AnalysisResult.bounded(
        priority, chosen, String.join(" ", notes), name(), Optional.empty());
  }

  /** What the signal cues found, outside ignored paragraphs. */
  private static final class Evidence {
    final EnumMap<Signal, Integer> counts = new EnumMap<>(Signal.class);
    final EnumMap<Signal, BitSet> sentences = new EnumMap<>(Signal.class);
    final BitSet ignoredParagraphs = new BitSet();
    final BitSet peopleAt = new BitSet();
    boolean ignoredInstructions;

    boolean has(Signal signal) {
      return counts.getOrDefault(signal, 0) > 0;
    }

    boolean inSentence(Signal signal, int sentence) {
      BitSet set = sentences.get(signal);
      return set != null && set.get(sentence);
    }

    boolean ignored(TicketTokens tokens, int position) {
      return ignoredParagraphs.get(tokens.paragraph[position]);
    }
  }

  private Evidence collectSignals(TicketTokens tokens) {
    Evidence evidence = new Evidence();
    // Injection cues decide which paragraphs count, so hits are kept until the scan is done.
    int[] hitSignals = new int[32];
    int[] hitPositions = new int[32];
    int hitCount = 0;
    for (int position = 0; position < tokens.size; position++) {
      for (PhraseIndex.Phrase<Signal> phrase : signalCues.startingWith(tokens, position)) {
        if (!PhraseIndex.matchesAt(tokens, position, phrase.tokens())) {
          continue;
        }
        if (phrase.value() == Signal.INJECTION) {
          evidence.ignoredParagraphs.set(tokens.paragraph[position]);
          evidence.ignoredInstructions = true;
        } else {
          if (hitCount == hitSignals.length) {
            hitSignals = Arrays.copyOf(hitSignals, hitCount * 2);
            hitPositions = Arrays.copyOf(hitPositions, hitCount * 2);
          }
          hitSignals[hitCount] = phrase.value().ordinal();
          hitPositions[hitCount] = position;
          hitCount++;
        }
      }
    }
    Signal[] signals = Signal.values();
    for (int hit = 0; hit < hitCount; hit++) {
      int position = hitPositions[hit];
      if (evidence.ignored(tokens, position)) {
        continue;
      }
      Signal signal = signals[hitSignals[hit]];
      evidence.counts.merge(signal, 1, Integer::sum);
      evidence
          .sentences
          .computeIfAbsent(signal, unused -> new BitSet())
          .set(tokens.sentence[position]);
      if (signal == Signal.PEOPLE) {
        evidence.peopleAt.set(position);
      }
    }
    return evidence;
  }

  private List<Skill> chooseSkills(TicketTokens tokens, Evidence evidence, List<String> notes) {
    double[] scores = new double[skills.size()];
    List<Set<String>> matched = new ArrayList<>(Collections.nCopies(skills.size(), Set.of()));
    int position = 0;
    while (position < tokens.size) {
      if (evidence.ignored(tokens, position)) {
        position++;
        continue;
      }
      PhraseIndex.Phrase<SkillCue> match = longestSkillCue(tokens, position);
      if (match == null) {
        position++;
        continue;
      }
      SkillCue cue = match.value();
      if (cue.skillIndex() >= 0 && cue.weight() > 0) {
        double weight = cue.weight() * (tokens.inTitle(position) ? TITLE_FACTOR : 1);
        for (Dampener dampener : dampenersBySkill.get(cue.skillIndex())) {
          if (evidence.inSentence(dampener.signal(), tokens.sentence[position])) {
            weight *= dampener.factor();
          }
        }
        scores[cue.skillIndex()] += weight;
        if (matched.get(cue.skillIndex()).isEmpty()) {
          matched.set(cue.skillIndex(), new LinkedHashSet<>());
        }
        matched.get(cue.skillIndex()).add(match.text());
      }
      position += match.tokens().length;
    }
    List<Integer> ranked = new ArrayList<>();
    for (int index = 0; index < scores.length; index++) {
      if (scores[index] >= MIN_SKILL_SCORE) {
        ranked.add(index);
      }
    }
    ranked.sort((left, right) -> Double.compare(scores[right], scores[left]));
    List<Skill> chosen = new ArrayList<>();
    List<String> described = new ArrayList<>();
    for (int index : ranked) {
      boolean first = chosen.isEmpty();
      double needed = Math.max(MIN_SECONDARY_SCORE, SECONDARY_SHARE_OF_TOP * scores[ranked.get(0)]);
      if (chosen.size() == MAX_SKILLS || (!first && scores[index] < needed)) {
        break;
      }
      chosen.add(skills.get(index));
      described.add(
          skills.get(index).name()
              + " ("
              + String.join(", ", matched.get(index).stream().limit(4).toList())
              + ")");
    }
    notes.add(
        chosen.isEmpty()
            ? "Skills: no skill cues found."
            : "Skills: " + String.join("; ", described) + ".");
    return chosen;
  }

  private PhraseIndex.Phrase<SkillCue> longestSkillCue(TicketTokens tokens, int position) {
    for (PhraseIndex.Phrase<SkillCue> phrase : skillCues.startingWith(tokens, position)) {
      if (PhraseIndex.matchesAt(tokens, position, phrase.tokens())) {
        return phrase;
      }
    }
    return null;
  }

  private static Priority judgePriority(
      AnalysisRequest request, TicketTokens tokens, Evidence evidence, List<String> notes) {
    boolean nonProduction = evidence.has(Signal.NON_PRODUCTION);
    boolean explicitWorkaround =
        evidence.has(Signal.WORKAROUND) && !evidence.has(Signal.NOT_A_WORKAROUND);
    boolean manyAffected =
        evidence.has(Signal.MANY_AFFECTED) || manyPeopleCounted(tokens, evidence);
    boolean blocked = evidence.has(Signal.BLOCKED);
    boolean vulnerabilityReport = evidence.has(Signal.VULNERABILITY_REPORT);

    boolean question = evidence.has(Signal.QUESTION) || request.title().strip().endsWith("?");
    boolean defect = blocked || evidence.has(Signal.DEFECT);
    // "How do I restore a deleted user?" asks how to do something; it reports no loss.
    boolean howTo = question && !defect;

    Optional<String> urgentReason = Optional.empty();
    if (evidence.has(Signal.BREACH) && !vulnerabilityReport) {
      urgentReason = Optional.of("signs of a security breach");
    } else if (evidence.has(Signal.DATA_LOSS) && !howTo) {
      urgentReason = Optional.of("data lost or corrupted");
    } else if (serviceDown(evidence)) {
      urgentReason = Optional.of("the service is down");
    } else if (manyAffected && evidence.has(Signal.PAYMENT_FAILURE)) {
      urgentReason = Optional.of("payments failing for many payers");
    } else if (manyAffected && blocked && !explicitWorkaround) {
      urgentReason = Optional.of("blocked for many users or several customers");
    }
    if (urgentReason.isPresent() && nonProduction) {
      notes.add("Non-production environment: not treated as an outage.");
      urgentReason = Optional.empty();
      blocked = true;
    }
    if (urgentReason.isPresent()) {
      notes.add("Priority URGENT: " + urgentReason.get() + ".");
      return Priority.URGENT;
    }
    Optional<Duration> untilDeadline =
        request.deadline().map(deadline -> Duration.between(request.now(), deadline));
    if (untilDeadline.filter(left -> left.compareTo(NEAR_DEADLINE) <= 0).isPresent()) {
      long hours = untilDeadline.get().toHours();
      notes.add(
          hours < 0
              ? "Priority HIGH: deadline passed " + -hours + " h ago."
              : "Priority HIGH: deadline in " + hours + " h.");
      return Priority.HIGH;
    }
    if (vulnerabilityReport) {
      notes.add("Priority MEDIUM: vulnerability report without signs of exploitation.");
      return Priority.MEDIUM;
    }
    defect = blocked || evidence.has(Signal.DEFECT);
    if (evidence.has(Signal.FEATURE_REQUEST)) {
      notes.add("Priority LOW: feature request.");
      return Priority.LOW;
    }
    if (evidence.has(Signal.COSMETIC) && !explicitWorkaround) {
      notes.add("Priority LOW: cosmetic issue.");
      return Priority.LOW;
    }
    if (howTo) {
      notes.add("Priority LOW: how-to question.");
      return Priority.LOW;
    }
    if (blocked && !explicitWorkaround) {
      notes.add("Priority HIGH: a core function is blocked with no workaround mentioned.");
      return Priority.HIGH;
    }
    if (defect || explicitWorkaround) {
      notes.add(
          explicitWorkaround
              ? "Priority MEDIUM: degraded, with a workaround."
              : "Priority MEDIUM: a defect with limited impact.");
      return Priority.MEDIUM;
    }
    notes.add("Priority LOW: no sign of a defect.");
    return Priority.LOW;
  }

  private static boolean serviceDown(Evidence evidence) {
    BitSet down = evidence.sentences.get(Signal.SERVICE_DOWN);
    if (down == null) {
      return false;
    }
    for (int sentence = down.nextSetBit(0);
        sentence >= 0;
        sentence = down.nextSetBit(sentence + 1)) {
      if (!evidence.inSentence(Signal.HEDGE, sentence)) {
        return true;
      }
    }
    return false;
  }

  /** A count of at least 100 people shortly before a word for people ("about 300 users"). */
  private static boolean manyPeopleCounted(TicketTokens tokens, Evidence evidence) {
    for (int position = 0; position < tokens.size; position++) {
      if (evidence.ignored(tokens, position) || peopleCount(tokens.terms[position]) < MANY_PEOPLE) {
        continue;
      }
      int nextPeople = evidence.peopleAt.nextSetBit(position + 1);
      if (nextPeople > 0 && nextPeople - position <= PEOPLE_WINDOW) {
        return true;
      }
    }
    return false;
  }

  private static long peopleCount(String term) {
    long value = 0;
    for (int i = 0; i < term.length(); i++) {
      char c = term.charAt(i);
      if (Character.isDigit(c)) {
        value = value * 10 + (c - '0');
        if (value > 10_000_000) {
          return 0;
        }
      } else if (c != ',' && c != '.') {
        return 0;
      }
    }
    return value;
  }

  private static Signal signalByKey(String key) {
    for (Signal signal : Signal.values()) {
      if (signal.key().equals(key)) {
        return signal;
      }
    }
    throw new IllegalStateException("unknown signal '" + key + "' in " + CUES_RESOURCE);
  }

  private static String key(String phrase) {
    return phrase.strip().toLowerCase(Locale.ROOT);
  }

  private static Map<String, Object> loadCues() {
    try (InputStream in = KeywordTicketAnalyzer.class.getResourceAsStream(CUES_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + CUES_RESOURCE);
      }
      return Json.parseObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, Object> objectAt(Map<String, Object> object, String name) {
    return asObject(object.getOrDefault(name, Map.of()));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asObject(Object value) {
    if (!(value instanceof Map<?, ?>)) {
      throw new IllegalStateException("expected a JSON object in " + CUES_RESOURCE);
    }
    return (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> listAt(Map<String, Object> object, String name) {
    Object value = object.getOrDefault(name, List.of());
    if (!(value instanceof List<?>)) {
      throw new IllegalStateException("expected a JSON array \"" + name + "\" in " + CUES_RESOURCE);
    }
    return (List<Object>) value;
  }
}
