package io.helpdesk.benchmarks;

import io.helpdesk.core.model.NewTicket;

/** Realistic ticket texts, varied by an index, so analyzers and assigners do real work. */
final class TicketTexts {
  private TicketTexts() {}

  private static final String[][] TEXTS = {
    {
      "Pods crash-loop after helm upgrade",
      "Since this morning's helm upgrade every pod of the checkout service restarts with exit code"
          + " 137. The kubernetes events show OOMKilled; memory limits were not changed."
    },
    {
      "Cannot sign in with SSO",
      "Google SSO login fails since this morning with an invalid redirect URI error. Password"
          + " sign-in still works. Several colleagues in the sales team are affected."
    },
    {
      "Slow queries on the orders database",
      "The nightly report query on the Postgres orders table now takes 40 minutes instead of 5."
          + " EXPLAIN shows a sequential scan; maybe an index was dropped during the migration."
    },
    {
      "Invoice shows the wrong VAT rate",
      "Our March invoice applies 19% VAT although our billing address is in Austria (20%). Please"
          + " correct the invoice and tell us whether earlier invoices are affected as well."
    },
    {
      "Production is down: 502 on every request",
      "Urgent: the public website answers 502 Bad Gateway on every request since 09:12. The load"
          + " balancer health checks fail; customers cannot place orders. Outage ongoing."
    },
    {
      "Question about the API rate limits",
      "We plan to call the REST API from a batch job. How many requests per minute may we send,"
          + " and does the limit apply per token or per account? Not urgent."
    },
    {
      "VPN disconnects every ten minutes",
      "The corporate VPN drops the connection every ten minutes on macOS since the last network"
          + " change. DNS resolution of internal hosts fails until we reconnect."
    },
    {
      "Backup job failed on the file server",
      "Last night's backup of the file server failed with 'disk quota exceeded' on the storage"
          + " bucket. We need the backup to succeed before the weekend maintenance."
    },
  };

  static String title(int i) {
    return TEXTS[Math.floorMod(i, TEXTS.length)][0] + " #" + i;
  }

  static String description(int i) {
    return TEXTS[Math.floorMod(i, TEXTS.length)][1] + " (ref " + i + ")";
  }

  static NewTicket ticket(int i) {
    return NewTicket.of(title(i), description(i));
  }

  /** A ticket of about {@code bytes} characters: the texts of several tickets joined. */
  static String longDescription(int i, int bytes) {
    StringBuilder text = new StringBuilder(bytes + 200);
    int k = i;
    while (text.length() < bytes) {
      text.append(TEXTS[Math.floorMod(k++, TEXTS.length)][1]).append(' ');
    }
    text.setLength(bytes);
    return text.toString();
  }

  /** The request body of {@code POST /api/v1/tickets}. */
  static String json(int i) {
    return "{\"title\":\"" + title(i) + "\",\"description\":\"" + description(i) + "\"}";
  }
}
