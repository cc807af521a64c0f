package io.helpdesk.testkit;

import io.helpdesk.core.analyzer.KeywordTicketAnalyzer;
import io.helpdesk.core.model.SkillTaxonomy;
import io.helpdesk.core.spi.TicketAnalyzer;
import org.junit.jupiter.api.DisplayName;

@DisplayName("KeywordTicketAnalyzer meets the TicketAnalyzer contract")
class KeywordTicketAnalyzerContractTest extends TicketAnalyzerContractTest {
  @Override
  protected TicketAnalyzer createAnalyzer(SkillTaxonomy taxonomy) {
    return new KeywordTicketAnalyzer(taxonomy);
  }
}
