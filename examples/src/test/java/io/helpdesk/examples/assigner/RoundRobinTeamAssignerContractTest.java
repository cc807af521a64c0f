package io.helpdesk.examples.assigner;

import io.helpdesk.core.spi.Assigner;
import io.helpdesk.testkit.AssignerContractTest;
import org.junit.jupiter.api.DisplayName;

/** Skills pick the team, so the skill capability stays on: the full contract runs. */
@DisplayName("round-robin team assigner passes the assigner contract")
class RoundRobinTeamAssignerContractTest extends AssignerContractTest {
  @Override
  protected Assigner createAssigner() {
    return new RoundRobinTeamAssigner();
  }
}
