package io.helpdesk.core.spi;

/** The steps of the pipeline, each run as a durable job. */
public enum JobType {
  /** Analyse a ticket (calls the analyzer outside any transaction). */
  ANALYSE,
  /** Assign an analysed ticket (the assigner runs inside the store transaction). */
  ASSIGN,
  /** Send one notification to one recipient (calls the notifier outside any transaction). */
  NOTIFY
}
