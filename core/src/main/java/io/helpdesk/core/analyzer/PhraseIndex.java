package io.helpdesk.core.analyzer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Cue phrases keyed by their first token, longest first, so that a ticket is scanned once and each
 * position costs one hash lookup plus a check of the few phrases starting with that word.
 */
final class PhraseIndex<T> {
  record Phrase<T>(String text, String[] tokens, T value) {}

  private final Map<String, List<Phrase<T>>> byFirstToken;

  private PhraseIndex(Map<String, List<Phrase<T>>> byFirstToken) {
    this.byFirstToken = byFirstToken;
  }

  static <T> Builder<T> builder() {
    return new Builder<>();
  }

  /** The phrases starting with the token at {@code position}, longest first. */
  List<Phrase<T>> startingWith(TicketTokens tokens, int position) {
    return byFirstToken.getOrDefault(tokens.terms[position], List.of());
  }

  static boolean matchesAt(TicketTokens tokens, int position, String[] phrase) {
    if (position + phrase.length > tokens.size) {
      return false;
    }
    for (int offset = 1; offset < phrase.length; offset++) {
      if (!phrase[offset].equals(tokens.terms[position + offset])) {
        return false;
      }
    }
    return true;
  }

  static final class Builder<T> {
    private final Map<String, List<Phrase<T>>> byFirstToken = new HashMap<>();

    Builder<T> add(String text, T value) {
      String[] tokens = TicketTokens.ofPhrase(text);
      if (tokens.length > 0) {
        byFirstToken
            .computeIfAbsent(tokens[0], first -> new ArrayList<>())
            .add(new Phrase<>(text, tokens, value));
      }
      return this;
    }

    PhraseIndex<T> build() {
      Map<String, List<Phrase<T>>> frozen = new HashMap<>();
      byFirstToken.forEach(
          (first, phrases) -> {
            List<Phrase<T>> sorted = new ArrayList<>(phrases);
            sorted.sort(Comparator.comparingInt((Phrase<T> phrase) -> -phrase.tokens().length));
            frozen.put(first, List.copyOf(sorted));
          });
      return new PhraseIndex<>(Map.copyOf(frozen));
    }
  }
}
