package io.helpdesk.core.spi;

/** Hears about committed work; see {@link StoreCapabilities#crossNodeSignals()}. */
public interface StoreListener {

  /** Jobs were committed; idle workers should look for due work. */
  void jobsEnqueued();

  /** Ticket events were committed; live-update publishers should read what is new. */
  void eventsCommitted();
}
