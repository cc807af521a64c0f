package io.helpdesk.testkit;

import io.helpdesk.core.assigner.SkillAndLoadAssigner;
import io.helpdesk.core.spi.Assigner;

class SkillAndLoadAssignerContractTest extends AssignerContractTest {
  @Override
  protected Assigner createAssigner() {
    return new SkillAndLoadAssigner();
  }
}
