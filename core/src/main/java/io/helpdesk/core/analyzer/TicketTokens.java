package io.helpdesk.core.analyzer;

import java.text.Normalizer;
import java.util.Arrays;

/**
 * A ticket's text as normalised word tokens, each tagged with its sentence and paragraph, so that
 * cues match whole words ({@code java} never matches {@code javascript}) and rules can look at the
 * sentence a cue sits in.
 *
 * <p>Normalisation: lower case, accents folded ({@code Müller} becomes {@code muller}), a plural
 * {@code -s} dropped from words longer than three letters. Numbers keep their inner separators
 * ({@code 1,200}). An e-mail signature (everything after a line {@code --}) is left out, because a
 * signature's team names say nothing about the ticket.
 */
final class TicketTokens {
  private static final char[] FOLDED = foldTable();

  final String[] terms;
  final int[] sentence;
  final int[] paragraph;
  final int titleLength;
  final int size;

  private TicketTokens(String[] terms, int[] sentence, int[] paragraph, int titleLength, int size) {
    this.terms = terms;
    this.sentence = sentence;
    this.paragraph = paragraph;
    this.titleLength = titleLength;
    this.size = size;
  }

  boolean inTitle(int position) {
    return position < titleLength;
  }

  /** Tokenises a cue phrase exactly like ticket text. */
  static String[] ofPhrase(String phrase) {
    TicketTokens tokens = of(phrase, "");
    return Arrays.copyOf(tokens.terms, tokens.size);
  }

  static TicketTokens of(String title, String description) {
    Builder builder = new Builder(title.length() + description.length());
    builder.scan(title, false);
    int titleLength = builder.size;
    builder.sentenceId++;
    builder.paragraphId++;
    builder.scan(description, true);
    return new TicketTokens(
        builder.terms, builder.sentences, builder.paragraphs, titleLength, builder.size);
  }

  private static final class Builder {
    String[] terms;
    int[] sentences;
    int[] paragraphs;
    int size;
    int sentenceId;
    int paragraphId;
    private final StringBuilder word = new StringBuilder(32);

    Builder(int textLength) {
      int capacity = Math.max(16, textLength / 5);
      terms = new String[capacity];
      sentences = new int[capacity];
      paragraphs = new int[capacity];
    }

    void scan(String text, boolean stopAtSignature) {
      int length = text.length();
      boolean lineStart = true;
      for (int i = 0; i < length; i++) {
        char c = text.charAt(i);
        if (lineStart && stopAtSignature && isSignatureSeparator(text, i)) {
          break;
        }
        lineStart = false;
        char folded = fold(c);
        if (Character.isLetterOrDigit(folded)) {
          word.append(folded);
          continue;
        }
        if ((c == ',' || c == '.')
            && word.length() > 0
            && Character.isDigit(word.charAt(word.length() - 1))
            && i + 1 < length
            && Character.isDigit(text.charAt(i + 1))) {
          word.append(c);
          continue;
        }
        flush();
        if (c == '\n') {
          lineStart = true;
          sentenceId++;
          if (isBlankLineAhead(text, i + 1)) {
            paragraphId++;
          }
        } else if ((c == '.' || c == '!' || c == '?' || c == ';')
            && (i + 1 == length || Character.isWhitespace(text.charAt(i + 1)))) {
          sentenceId++;
        }
      }
      flush();
    }

    private void flush() {
      if (word.length() == 0) {
        return;
      }
      int end = word.length();
      if (end > 3 && word.charAt(end - 1) == 's' && word.charAt(end - 2) != 's') {
        end--;
      }
      if (size == terms.length) {
        int capacity = size * 2;
        terms = Arrays.copyOf(terms, capacity);
        sentences = Arrays.copyOf(sentences, capacity);
        paragraphs = Arrays.copyOf(paragraphs, capacity);
      }
      terms[size] = word.substring(0, end);
      sentences[size] = sentenceId;
      paragraphs[size] = paragraphId;
      size++;
      word.setLength(0);
    }

    private static boolean isSignatureSeparator(String text, int start) {
      int end = text.indexOf('\n', start);
      String line = (end < 0 ? text.substring(start) : text.substring(start, end)).strip();
      return line.equals("--");
    }

    private static boolean isBlankLineAhead(String text, int start) {
      for (int i = start; i < text.length(); i++) {
        char c = text.charAt(i);
        if (c == '\n') {
          return true;
        }
        if (!Character.isWhitespace(c)) {
          return false;
        }
      }
      return true;
    }
  }

  private static char fold(char c) {
    if (c < FOLDED.length) {
      return FOLDED[c];
    }
    return Character.toLowerCase(c);
  }

  /** Lower case without accents for Latin letters, computed once. */
  private static char[] foldTable() {
    char[] table = new char[0x250];
    for (char c = 0; c < table.length; c++) {
      String decomposed = Normalizer.normalize(String.valueOf(c), Normalizer.Form.NFD);
      char base = decomposed.isEmpty() ? c : decomposed.charAt(0);
      table[c] = Character.toLowerCase(base);
    }
    return table;
  }
}
