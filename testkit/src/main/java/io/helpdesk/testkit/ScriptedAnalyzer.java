package io.helpdesk.testkit;

import io.helpdesk.core.spi.AnalysisRequest;
import io.helpdesk.core.spi.AnalysisResult;
import io.helpdesk.core.spi.TicketAnalyzer;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * An analyzer for tests: answers with a function of the request, after first working through a
 * queue of scripted failures. Thread-safe.
 */
public final class ScriptedAnalyzer implements TicketAnalyzer {
  private final String name;
  private final Function<AnalysisRequest, AnalysisResult> answer;
  private final ConcurrentLinkedQueue<RuntimeException> failures = new ConcurrentLinkedQueue<>();
  private final AtomicInteger calls = new AtomicInteger();
  private volatile RuntimeException failAlways;

  public ScriptedAnalyzer(String name, Function<AnalysisRequest, AnalysisResult> answer) {
    this.name = name;
    this.answer = answer;
  }

  /** Fails the next calls with these exceptions, one each, then answers again. */
  public ScriptedAnalyzer failNext(RuntimeException... errors) {
    failures.addAll(java.util.List.of(errors));
    return this;
  }

  /** Fails every call with this exception until {@link #heal()}. */
  public ScriptedAnalyzer failAlways(RuntimeException error) {
    this.failAlways = error;
    return this;
  }

  public void heal() {
    failAlways = null;
    failures.clear();
  }

  public int calls() {
    return calls.get();
  }

  @Override
  public AnalysisResult analyze(AnalysisRequest request) {
    calls.incrementAndGet();
    RuntimeException always = failAlways;
    if (always != null) {
      throw always;
    }
    RuntimeException next = failures.poll();
    if (next != null) {
      throw next;
    }
    return answer.apply(request);
  }

  @Override
  public String name() {
    return name;
  }

  /** A result with no usage figures, for scripting answers. */
  public static AnalysisResult result(
      io.helpdesk.core.model.Priority priority, String producedBy, String... skills) {
    return AnalysisResult.bounded(
        priority,
        java.util.List.copyOf(TestData.skills(skills)),
        "scripted",
        producedBy,
        Optional.empty());
  }
}
