package io.helpdesk.core.spi;

/**
 * Optional behaviour a store offers, asked for instead of checking its class.
 *
 * @param crossNodeSignals the store calls {@link TicketStore#subscribe} listeners when <em>any</em>
 *     node commits jobs or events (PostgreSQL LISTEN/NOTIFY); without it the engine relies on
 *     in-process signals and polling
 * @param fullTextSearch {@link io.helpdesk.core.model.TicketQuery#text()} uses language-aware
 *     full-text search (stemming) rather than substring matching
 */
public record StoreCapabilities(boolean crossNodeSignals, boolean fullTextSearch) {
  public static StoreCapabilities none() {
    return new StoreCapabilities(false, false);
  }
}
