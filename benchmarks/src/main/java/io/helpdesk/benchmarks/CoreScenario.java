package io.helpdesk.benchmarks;

import io.helpdesk.benchmarks.jmh.AssignerBenchmark;
import io.helpdesk.benchmarks.jmh.KeywordAnalyzerBenchmark;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/** Scenario 6: the core in isolation, with JMH (one fork, settings from {@link Settings}). */
final class CoreScenario {
  private final Settings settings;

  CoreScenario(Settings settings) {
    this.settings = settings;
  }

  Map<String, Object> run(Map<String, Object> figures) throws Exception {
    Map<String, Object> details = new LinkedHashMap<>();
    double analyzer = score(KeywordAnalyzerBenchmark.class, details, "keyword_analyzer_2kb");
    figures.put("analyzer_tickets_per_s", Stats.round(analyzer));
    double assigner = score(AssignerBenchmark.class, details, "assigner_1000_moderators");
    figures.put("assigner_decisions_per_s", Stats.round(assigner));
    return details;
  }

  private double score(Class<?> benchmark, Map<String, Object> details, String key)
      throws Exception {
    TimeValue time = TimeValue.milliseconds(settings.jmhIterationTime().toMillis());
    Options options =
        new OptionsBuilder()
            .include("^" + benchmark.getName().replace(".", "\\.") + "\\.")
            .forks(1)
            .jvmArgsAppend("-Xmx512m")
            .warmupIterations(settings.jmhWarmups())
            .warmupTime(time)
            .measurementIterations(settings.jmhIterations())
            .measurementTime(time)
            .timeUnit(TimeUnit.SECONDS)
            .threads(1)
            .verbosity(VerboseMode.SILENT)
            .build();
    Log.info("jmh: %s", benchmark.getSimpleName());
    RunResult result = new Runner(options).runSingle();
    double score = result.getPrimaryResult().getScore();
    double error = result.getPrimaryResult().getScoreError();
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("ops_per_s", Stats.round(score));
    entry.put("error_99_9", Double.isNaN(error) ? null : Stats.round(error));
    entry.put("iterations", settings.jmhIterations());
    entry.put("threads", 1);
    details.put(key, entry);
    Log.info("jmh: %s %.0f ops/s", benchmark.getSimpleName(), score);
    return score;
  }
}
