package io.helpdesk.core.analyzer;

import java.util.Locale;

/** Families of cue phrases that feed the priority rules and the context of skill cues. */
enum Signal {
  /** Text addressed to an automated triage system; its paragraph is ignored. */
  INJECTION,
  /** The writer is guessing ("I think", "maybe"): cues in the sentence count less. */
  HEDGE,
  /** Something works fine: cues in the sentence name what is not broken. */
  CONTRAST,
  /** A browser is named: device words in the sentence mean web use, not the native app. */
  WEB_CONTEXT,
  SERVICE_DOWN,
  MANY_AFFECTED,
  PEOPLE,
  BREACH,
  DATA_LOSS,
  PAYMENT_FAILURE,
  NON_PRODUCTION,
  BLOCKED,
  DEFECT,
  WORKAROUND,
  NOT_A_WORKAROUND,
  QUESTION,
  FEATURE_REQUEST,
  COSMETIC,
  VULNERABILITY_REPORT;

  /** The JSON key, for example {@code service-down}. */
  String key() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
