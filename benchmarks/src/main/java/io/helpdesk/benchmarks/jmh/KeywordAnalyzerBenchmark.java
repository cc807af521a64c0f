package io.helpdesk.benchmarks.jmh;

import io.helpdesk.core.analyzer.KeywordTicketAnalyzer;
import io.helpdesk.core.spi.AnalysisRequest;
import io.helpdesk.core.spi.AnalysisResult;
import java.time.Instant;
import java.util.Optional;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** The keyword analyzer on 2 KB tickets: one operation is one ticket analysed. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
public class KeywordAnalyzerBenchmark {
  private static final String[] PARAGRAPHS = {
    "Since this morning's helm upgrade every pod of the checkout service restarts with exit code"
        + " 137; the kubernetes events show OOMKilled. ",
    "Google SSO login fails with an invalid redirect URI error; password sign-in still works. ",
    "The nightly report query on the Postgres orders table now takes 40 minutes; EXPLAIN shows a"
        + " sequential scan. ",
    "Our invoice applies the wrong VAT rate; please correct the billing address and refund. ",
    "The public website answers 502 Bad Gateway on every request; customers cannot order. ",
    "The VPN drops every ten minutes and DNS resolution of internal hosts fails. ",
    "Emails from the platform land in spam since we changed the SPF record. ",
    "The iOS app crashes on start after the latest update on iPhone 12 devices. ",
  };

  private KeywordTicketAnalyzer analyzer;
  private AnalysisRequest[] requests;
  private int next;

  /** 64 different tickets of 2,048 characters each. */
  @Setup
  public void setUp() {
    analyzer = KeywordTicketAnalyzer.withDefaults();
    requests = new AnalysisRequest[64];
    Instant now = Instant.parse("2026-03-02T09:00:00Z");
    for (int i = 0; i < requests.length; i++) {
      StringBuilder text = new StringBuilder();
      int k = i;
      while (text.length() < 2048) {
        text.append(PARAGRAPHS[k++ % PARAGRAPHS.length]);
      }
      text.setLength(2048);
      requests[i] =
          new AnalysisRequest(
              "Ticket " + i + ": " + PARAGRAPHS[i % PARAGRAPHS.length].substring(0, 40),
              text.toString(),
              Optional.empty(),
              Optional.empty(),
              now);
    }
  }

  /** Analyses the next ticket. */
  @Benchmark
  public AnalysisResult analyze() {
    AnalysisRequest request = requests[next];
    next = (next + 1) % requests.length;
    return analyzer.analyze(request);
  }
}
