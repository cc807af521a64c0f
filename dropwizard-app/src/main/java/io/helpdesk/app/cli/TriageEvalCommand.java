package io.helpdesk.app.cli;

import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.helpdesk.app.HelpdeskConfiguration;
import io.helpdesk.app.core.Components;
import io.helpdesk.core.eval.TriageEvaluation;
import io.helpdesk.core.eval.TriageReport;
import io.helpdesk.core.model.SkillTaxonomy;
import io.helpdesk.core.spi.TicketAnalyzer;
import java.nio.file.Path;
import java.time.Instant;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code triage-eval FILE [config]}: runs the configured analyzer over a labelled JSON Lines file
 * and prints the report, ending with {@code skills_f1=… priority_accuracy=… priority_kappa=…}.
 */
public final class TriageEvalCommand extends ConfiguredCommand<HelpdeskConfiguration> {
  public TriageEvalCommand() {
    super("triage-eval", "Evaluates the configured analyzer on a labelled JSON Lines file");
  }

  @Override
  public void configure(Subparser subparser) {
    subparser.addArgument("input").metavar("FILE").help("labelled tickets, one JSON per line");
    super.configure(subparser);
  }

  @Override
  protected void run(
      Bootstrap<HelpdeskConfiguration> bootstrap,
      Namespace namespace,
      HelpdeskConfiguration configuration)
      throws Exception {
    var tickets = TriageEvaluation.readJsonLines(Path.of(namespace.getString("input")));
    TicketAnalyzer analyzer =
        Components.analyzer(configuration.getAnalyzer(), SkillTaxonomy.defaults());
    try {
      TriageReport report = TriageEvaluation.evaluate(analyzer, tickets, Instant.now());
      String text = report.format().stripTrailing();
      System.out.println(text);
      if (!text.endsWith(report.summaryLine())) {
        System.out.println(report.summaryLine());
      }
    } finally {
      if (analyzer instanceof AutoCloseable closeable) {
        closeable.close();
      }
    }
  }
}
