package io.helpdesk.app.cli;

import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.helpdesk.app.HelpdeskConfiguration;
import io.helpdesk.app.core.Components;
import io.helpdesk.app.core.DemoData;
import java.time.Clock;
import net.sourceforge.argparse4j.inf.Namespace;

/** {@code seed-demo [config]}: seeds the demo helpdesk into an empty database and runs its jobs. */
public final class SeedDemoCommand extends ConfiguredCommand<HelpdeskConfiguration> {
  public SeedDemoCommand() {
    super("seed-demo", "Seeds demo members and tickets into an empty database");
  }

  @Override
  protected void run(
      Bootstrap<HelpdeskConfiguration> bootstrap,
      Namespace namespace,
      HelpdeskConfiguration configuration) {
    try (Components components = Components.build(configuration, Clock.systemUTC())) {
      if (DemoData.seedIfEmpty(components.engine())) {
        int jobs = components.engine().runPendingJobs();
        System.out.println("seeded the demo helpdesk and ran " + jobs + " job(s)");
      } else {
        System.out.println("the demo helpdesk is already there; nothing to do");
      }
    }
  }
}
