package io.helpdesk.analyzer.gemini;

import com.google.genai.Client;
import com.google.genai.types.Candidate;
import com.google.genai.types.Content;
import com.google.genai.types.FinishReason;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.GenerateContentResponseUsageMetadata;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.HttpRetryOptions;
import com.google.genai.types.Model;
import com.google.genai.types.Part;
import io.helpdesk.analyzer.gemini.internal.AnswerParser;
import io.helpdesk.analyzer.gemini.internal.AnswerParser.Answer;
import io.helpdesk.analyzer.gemini.internal.AnswerParser.UnusableAnswerException;
import io.helpdesk.analyzer.gemini.internal.Failures;
import io.helpdesk.analyzer.gemini.internal.Prompt;
import io.helpdesk.analyzer.gemini.internal.RateLimiter;
import io.helpdesk.core.AnalysisUnavailableException;
import io.helpdesk.core.spi.AnalysisRequest;
import io.helpdesk.core.spi.AnalysisResult;
import io.helpdesk.core.spi.ModelUsage;
import io.helpdesk.core.spi.TicketAnalyzer;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link TicketAnalyzer} backed by Google Gemini through the google-genai SDK.
 *
 * <pre>{@code
 * GeminiTicketAnalyzer analyzer =
 *     new GeminiTicketAnalyzer(GeminiConfig.builder(apiKey).taxonomy(taxonomy).build());
 * HelpdeskEngine engine = HelpdeskEngine.builder().store(store).analyzer(analyzer).build();
 * }</pre>
 *
 * <p>One {@code analyze} call is at most one HTTP request (the SDK's retries are off: the engine's
 * job queue retries) and returns or fails within {@link GeminiConfig#callDeadline()}, waiting for
 * the concurrency and rate limits included. Failures are {@link AnalysisUnavailableException}s,
 * retryable or permanent as the module's README tabulates. Thread-safe; {@link #close()} releases
 * the HTTP client and the call threads.
 */
public final class GeminiTicketAnalyzer implements TicketAnalyzer, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GeminiTicketAnalyzer.class);
  private static final Duration HEALTH_DEADLINE = Duration.ofSeconds(5);

  private final GeminiConfig config;
  private final Client client;
  private final Prompt prompt;
  private final AnswerParser parser;
  private final GenerateContentConfig generateConfig;
  private final Semaphore inFlight;
  private final RateLimiter rateLimiter;
  private final ExecutorService callThreads;

  public GeminiTicketAnalyzer(GeminiConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    this.prompt = new Prompt(config.taxonomy());
    this.parser = new AnswerParser(config.taxonomy());
    this.client = newClient(config);
    this.generateConfig =
        GenerateContentConfig.builder()
            .systemInstruction(Content.fromParts(Part.fromText(prompt.systemInstruction())))
            .responseMimeType("application/json")
            .responseJsonSchema(prompt.responseSchema())
            .temperature((float) config.temperature())
            .maxOutputTokens(config.maxOutputTokens())
            .candidateCount(1)
            .build();
    this.inFlight = new Semaphore(config.maxConcurrentCalls(), true);
    this.rateLimiter =
        new RateLimiter(
            config.requestsPerMinute(),
            Math.min(config.requestsPerMinute(), config.maxConcurrentCalls()),
            System::nanoTime);
    this.callThreads = Executors.newCachedThreadPool(new CallThreads());
  }

  /**
   * The SDK client, with everything it would otherwise take from the environment ({@code
   * GEMINI_API_KEY}, {@code GOOGLE_API_KEY}, {@code GOOGLE_GEMINI_BASE_URL}, Vertex mode) set
   * explicitly, and its retries switched off.
   */
  private static Client newClient(GeminiConfig config) {
    int timeoutMillis = (int) Math.min(Integer.MAX_VALUE, config.callDeadline().toMillis());
    HttpOptions httpOptions =
        HttpOptions.builder()
            .baseUrl(config.baseUrl().toString())
            .apiVersion(config.apiVersion())
            .timeout(timeoutMillis)
            .retryOptions(noRetries())
            .build();
    return Client.builder()
        .apiKey(config.apiKey())
        .vertexAI(false)
        .httpOptions(httpOptions)
        .build();
  }

  /**
   * One attempt, and no status code counted as retryable: google-genai 2.0.0's RetryInterceptor
   * still sleeps one backoff (about a second) after the last attempt when the status is in its
   * retry list, so {@code attempts(1)} alone does not make a 429 or 503 fail fast.
   */
  private static HttpRetryOptions noRetries() {
    return HttpRetryOptions.builder().attempts(1).httpStatusCodes(List.of()).build();
  }

  @Override
  public String name() {
    return config.model();
  }

  /** The configuration this analyzer runs with (its {@code toString} hides the API key). */
  public GeminiConfig config() {
    return config;
  }

  @Override
  public AnalysisResult analyze(AnalysisRequest request) {
    Objects.requireNonNull(request, "request");
    long started = System.nanoTime();
    long deadline = started + config.callDeadline().toNanos();
    List<Content> contents =
        List.of(
            Content.builder()
                .role("user")
                .parts(List.of(Part.fromText(prompt.userContent(request))))
                .build());
    CallOutcome outcome = new CallOutcome();
    try {
      GenerateContentResponse response =
          callWithinDeadline(
              () -> client.models.generateContent(config.model(), contents, generateConfig),
              deadline,
              outcome);
      outcome.usage = usageOf(response, outcome.callNanos);
      AnalysisResult result = interpret(response, outcome);
      outcome.label = "ok";
      return result;
    } catch (AnalysisUnavailableException e) {
      if (outcome.label == null) {
        outcome.label = e.retryable() ? "retryable" : "permanent";
      }
      throw e;
    } finally {
      logCall(outcome, started);
    }
  }

  /**
   * Checks that the analyzer is configured and the API reachable with this key and model: one
   * {@code models.get} call (no tokens spent) with a short deadline. Never throws.
   */
  public GeminiHealth checkHealth() {
    long deadline = System.nanoTime() + min(HEALTH_DEADLINE, config.callDeadline()).toNanos();
    try {
      Model model =
          callWithinDeadline(
              () -> client.models.get(config.model(), null), deadline, new CallOutcome());
      return GeminiHealth.healthy(
          "model " + model.name().orElse(config.model()) + " reachable at " + config.baseUrl());
    } catch (AnalysisUnavailableException e) {
      return GeminiHealth.unhealthy(
          "model " + config.model() + " at " + config.baseUrl() + ": " + e.getMessage());
    } catch (RuntimeException e) {
      return GeminiHealth.unhealthy(
          "model " + config.model() + " at " + config.baseUrl() + ": " + e.getClass().getName());
    }
  }

  /**
   * Runs {@code call} on a call thread once a rate-limit token and a concurrency slot are free, all
   * within {@code deadline}. The slot is released when the HTTP call really ends, not when the
   * caller gives up, so the number of requests in flight never exceeds the limit.
   */
  private <T> T callWithinDeadline(Callable<T> call, long deadline, CallOutcome outcome) {
    RateLimiter.Reservation reservation = rateLimiter.reserve(deadline);
    if (!reservation.granted()) {
      outcome.label = "rate-limited";
      throw AnalysisUnavailableException.retryable(
          "client-side rate limit of "
              + config.requestsPerMinute()
              + " requests/min: no permit within the call deadline",
          reservation.delay(),
          null);
    }
    try {
      sleepNanos(reservation.delay().toNanos());
      if (!inFlight.tryAcquire(remaining(deadline), TimeUnit.NANOSECONDS)) {
        outcome.label = "concurrency-limited";
        throw AnalysisUnavailableException.retryable(
            "all " + config.maxConcurrentCalls() + " Gemini call slots busy until the deadline",
            null,
            null);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      outcome.label = "interrupted";
      throw AnalysisUnavailableException.retryable("interrupted waiting for a call slot", null, e);
    }
    Future<T> future;
    try {
      future =
          callThreads.submit(
              () -> {
                try {
                  return call.call();
                } finally {
                  inFlight.release();
                }
              });
    } catch (RejectedExecutionException e) {
      inFlight.release();
      outcome.label = "closed";
      throw AnalysisUnavailableException.permanent("the Gemini analyzer is closed", e);
    }
    long callStarted = System.nanoTime();
    try {
      return future.get(remaining(deadline), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw deadlinePassed(outcome, e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      String label = Failures.outcome(cause);
      if ("io".equals(label) && remaining(deadline) == 0) {
        // The SDK's own timeout, set to the same deadline but started a little later, fired just
        // before ours: the same event, so the same answer.
        throw deadlinePassed(outcome, cause);
      }
      outcome.label = label;
      throw Failures.classify(cause);
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      outcome.label = "interrupted";
      throw AnalysisUnavailableException.retryable("interrupted waiting for Gemini", null, e);
    } finally {
      outcome.callNanos = System.nanoTime() - callStarted;
    }
  }

  private AnalysisUnavailableException deadlinePassed(CallOutcome outcome, Throwable cause) {
    outcome.label = "timeout";
    return AnalysisUnavailableException.retryable(
        "Gemini did not answer within the call deadline of " + config.callDeadline(), null, cause);
  }

  private AnalysisResult interpret(GenerateContentResponse response, CallOutcome outcome) {
    Optional<String> blockReason =
        response.promptFeedback().flatMap(feedback -> feedback.blockReason()).map(Object::toString);
    if (blockReason.isPresent()) {
      throw unavailable(
          outcome, "blocked", "analysis unavailable: prompt blocked (" + blockReason.get() + ")");
    }
    List<Candidate> candidates = response.candidates().orElse(List.of());
    if (candidates.isEmpty()) {
      throw unavailable(
          outcome, "no-candidate", "analysis unavailable: Gemini returned no candidate");
    }
    Candidate candidate = candidates.get(0);
    String finishReason = candidate.finishReason().map(FinishReason::toString).orElse("STOP");
    if (finishReason.equals(FinishReason.Known.MAX_TOKENS.toString())) {
      throw unavailable(
          outcome,
          "max-tokens",
          "analysis unavailable: answer cut off at maxOutputTokens=" + config.maxOutputTokens());
    }
    if (!finishReason.equals(FinishReason.Known.STOP.toString())) {
      throw unavailable(
          outcome,
          "finish-" + finishReason,
          "analysis unavailable: answer stopped with " + finishReason);
    }
    Answer answer;
    try {
      answer = parser.parse(answerText(candidate));
    } catch (UnusableAnswerException e) {
      throw unavailable(outcome, "unparseable", "analysis unavailable: " + e.getMessage());
    }
    return AnalysisResult.bounded(
        answer.priority(),
        answer.skills(),
        answer.notes(),
        config.model(),
        Optional.of(outcome.usage));
  }

  /** The answer's text parts joined, thought summaries left out. */
  private static String answerText(Candidate candidate) {
    StringBuilder text = new StringBuilder();
    for (Part part : candidate.content().flatMap(Content::parts).orElse(List.of())) {
      if (!part.thought().orElse(false)) {
        part.text().ifPresent(text::append);
      }
    }
    return text.toString();
  }

  private static AnalysisUnavailableException unavailable(
      CallOutcome outcome, String label, String message) {
    outcome.label = label;
    return AnalysisUnavailableException.permanent(message, null);
  }

  private static ModelUsage usageOf(GenerateContentResponse response, long callNanos) {
    Optional<GenerateContentResponseUsageMetadata> metadata = response.usageMetadata();
    long input = metadata.flatMap(m -> m.promptTokenCount()).orElse(0);
    long output =
        metadata.flatMap(m -> m.candidatesTokenCount()).orElse(0)
            + metadata.flatMap(m -> m.thoughtsTokenCount()).orElse(0);
    return new ModelUsage(input, output, Duration.ofNanos(callNanos));
  }

  private void logCall(CallOutcome outcome, long started) {
    long totalMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    if (outcome.usage != null) {
      log.info(
          "gemini call model={} outcome={} latencyMs={} totalMs={} inputTokens={} outputTokens={}",
          config.model(),
          outcome.label,
          outcome.usage.latency().toMillis(),
          totalMillis,
          outcome.usage.inputTokens(),
          outcome.usage.outputTokens());
    } else {
      log.info(
          "gemini call model={} outcome={} latencyMs={} totalMs={}",
          config.model(),
          outcome.label,
          TimeUnit.NANOSECONDS.toMillis(outcome.callNanos),
          totalMillis);
    }
  }

  /** Stops the call threads (running calls are interrupted) and closes the SDK client. */
  @Override
  public void close() {
    callThreads.shutdownNow();
    client.close();
  }

  private static long remaining(long deadline) {
    return Math.max(0, deadline - System.nanoTime());
  }

  private static void sleepNanos(long nanos) throws InterruptedException {
    if (nanos > 0) {
      TimeUnit.NANOSECONDS.sleep(nanos);
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /** What one call did, for its log line. */
  private static final class CallOutcome {
    String label;
    long callNanos;
    ModelUsage usage;
  }

  private static final class CallThreads implements ThreadFactory {
    private final AtomicInteger count = new AtomicInteger();

    @Override
    public Thread newThread(Runnable task) {
      Thread thread = new Thread(task, "gemini-call-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    }
  }
}
