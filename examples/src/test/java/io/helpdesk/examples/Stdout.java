package io.helpdesk.examples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs an example's {@code main} and returns what it printed on standard output. */
final class Stdout {
  private Stdout() {}

  /** A {@code main} method. */
  @FunctionalInterface
  interface Main {
    void run(String[] args) throws Exception;
  }

  static String of(Main main, String... args) throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try (PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
      System.setOut(capture);
      main.run(args);
    } finally {
      System.setOut(original);
    }
    String printed = captured.toString(StandardCharsets.UTF_8);
    original.print(printed);
    return printed;
  }
}
