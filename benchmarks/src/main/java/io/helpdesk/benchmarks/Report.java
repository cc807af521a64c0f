package io.helpdesk.benchmarks;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The results document (JSON-ready maps) and its Markdown rendering. */
final class Report {
  private Report() {}

  static Map<String, Object> build(
      Instant started,
      boolean quick,
      Map<String, Object> machine,
      Map<String, Object> figures,
      Map<String, BenchmarkMain.Goal> goals,
      Map<String, Object> scenarios,
      List<String> failures) {
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("run_date", started.truncatedTo(ChronoUnit.SECONDS).toString());
    report.put("quick", quick);
    report.put("machine", machine);
    figures.forEach((key, value) -> report.put(key, clean(value)));
    Map<String, Object> goalTable = new LinkedHashMap<>();
    goals.forEach(
        (key, goal) -> {
          Map<String, Object> entry = new LinkedHashMap<>();
          entry.put("value", clean(figures.get(key)));
          entry.put("goal", goal.text());
          entry.put("met", goal.met(figures.get(key)));
          goalTable.put(key, entry);
        });
    report.put("goals", goalTable);
    report.put("scenarios", scenarios);
    report.put("failures", failures);
    return report;
  }

  private static Object clean(Object value) {
    return value instanceof Double d && (d.isNaN() || d.isInfinite()) ? null : value;
  }

  @SuppressWarnings("unchecked")
  static String markdown(Map<String, Object> report, Map<String, BenchmarkMain.Goal> goals) {
    StringBuilder md = new StringBuilder();
    md.append("# Benchmark results\n\n");
    md.append("Run ").append(report.get("run_date"));
    md.append(
        Boolean.TRUE.equals(report.get("quick"))
            ? " (**quick run**: smaller data, shorter windows)"
            : " (full run)");
    md.append(
        ". Produced by `benchmarks/run`; see `benchmarks/README.md` for what each figure means.\n\n");
    md.append("Machine: ");
    ((Map<String, Object>) report.get("machine"))
        .forEach((key, value) -> md.append(key).append(" = ").append(value).append("; "));
    md.append("\n\n| figure | value | goal | met |\n|---|---|---|---|\n");
    ((Map<String, Object>) report.get("goals"))
        .forEach(
            (key, entry) -> {
              Map<String, Object> e = (Map<String, Object>) entry;
              Object met = e.get("met");
              md.append("| `")
                  .append(key)
                  .append("` | ")
                  .append(e.get("value") == null ? "n/a" : e.get("value"))
                  .append(" | ")
                  .append(e.get("goal"))
                  .append(" | ")
                  .append(met == null ? "" : Boolean.TRUE.equals(met) ? "yes" : "**no**")
                  .append(" |\n");
            });
    md.append("\n## Details\n\n");
    ((Map<String, Object>) report.get("scenarios"))
        .forEach(
            (name, details) -> {
              md.append("### ").append(name).append("\n\n");
              render(md, details, "");
              md.append("\n");
            });
    List<String> failures = (List<String>) report.get("failures");
    if (!failures.isEmpty()) {
      md.append("## Failures\n\n");
      failures.forEach(failure -> md.append("- ").append(failure).append("\n"));
    }
    return md.toString();
  }

  @SuppressWarnings("unchecked")
  private static void render(StringBuilder md, Object value, String indent) {
    if (value instanceof Map<?, ?> map) {
      ((Map<String, Object>) map)
          .forEach(
              (key, inner) -> {
                if (inner instanceof Map<?, ?> || inner instanceof List<?>) {
                  md.append(indent).append("- ").append(key).append(":\n");
                  render(md, inner, indent + "  ");
                } else {
                  md.append(indent)
                      .append("- ")
                      .append(key)
                      .append(": ")
                      .append(inner)
                      .append("\n");
                }
              });
    } else if (value instanceof List<?> list) {
      for (Object item : list) {
        if (item instanceof Map<?, ?> map) {
          md.append(indent).append("- ");
          StringBuilder line = new StringBuilder();
          ((Map<String, Object>) map)
              .forEach((key, inner) -> line.append(key).append(" ").append(inner).append(", "));
          md.append(line.length() > 2 ? line.substring(0, line.length() - 2) : "").append("\n");
        } else {
          md.append(indent).append("- ").append(item).append("\n");
        }
      }
    } else {
      md.append(indent).append("- ").append(value).append("\n");
    }
  }
}
