package io.helpdesk.notifier.smtp;

import io.helpdesk.core.notifier.NotificationText;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import javax.net.ssl.SSLException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;

/**
 * What went wrong talking to the SMTP server, and whether trying again later can help. The table is
 * in the module's README; keep them in step.
 */
record SmtpFailure(Kind kind, OptionalInt replyCode, String summary) {

  enum Kind {
    /** The server rejected the credentials. */
    AUTHENTICATION(false),
    /** A permanent 5xx reply (unknown recipient, message refused). */
    REJECTED(false),
    /** A transient 4xx reply (mailbox busy, greylisting, too many connections). */
    DEFERRED(true),
    /** TLS could not be set up: no STARTTLS offered, handshake or certificate failure. */
    TLS(false),
    /** Connection refused, unknown host, timeouts, broken connections. */
    CONNECTION(true),
    /** Anything else the server or the mail library reported. */
    OTHER(true);

    private final boolean retryable;

    Kind(boolean retryable) {
      this.retryable = retryable;
    }

    boolean retryable() {
      return retryable;
    }
  }

  boolean retryable() {
    return kind.retryable();
  }

  static SmtpFailure classify(MessagingException error) {
    List<Throwable> chain = chain(error);
    String summary = summary(error);
    if (chain.stream().anyMatch(AuthenticationFailedException.class::isInstance)) {
      return new SmtpFailure(Kind.AUTHENTICATION, OptionalInt.empty(), summary);
    }
    OptionalInt permanent = replyCodes(chain, 500);
    if (permanent.isPresent()) {
      return new SmtpFailure(Kind.REJECTED, permanent, summary);
    }
    OptionalInt transientCode = replyCodes(chain, 400);
    if (transientCode.isPresent()) {
      return new SmtpFailure(Kind.DEFERRED, transientCode, summary);
    }
    if (error instanceof SendFailedException failed
        && failed.getInvalidAddresses() != null
        && failed.getInvalidAddresses().length > 0) {
      return new SmtpFailure(Kind.REJECTED, OptionalInt.empty(), summary);
    }
    if (isTlsProblem(chain)) {
      return new SmtpFailure(Kind.TLS, OptionalInt.empty(), summary);
    }
    if (chain.stream()
        .anyMatch(
            cause ->
                cause instanceof ConnectException
                    || cause instanceof SocketTimeoutException
                    || cause instanceof UnknownHostException
                    || cause instanceof IOException)) {
      return new SmtpFailure(Kind.CONNECTION, OptionalInt.empty(), summary);
    }
    return new SmtpFailure(Kind.OTHER, OptionalInt.empty(), summary);
  }

  /** The error and everything behind it: causes and Jakarta Mail's "next" exceptions. */
  private static List<Throwable> chain(Throwable error) {
    List<Throwable> out = new ArrayList<>();
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    List<Throwable> pending = new ArrayList<>(List.of(error));
    while (!pending.isEmpty()) {
      Throwable current = pending.remove(0);
      if (current == null || seen.put(current, Boolean.TRUE) != null) {
        continue;
      }
      out.add(current);
      pending.add(current.getCause());
      if (current instanceof MessagingException messaging) {
        pending.add(messaging.getNextException());
      }
    }
    return out;
  }

  /** The first SMTP reply code in {@code [floor, floor + 99]} found in the chain. */
  private static OptionalInt replyCodes(List<Throwable> chain, int floor) {
    for (Throwable cause : chain) {
      int code = replyCode(cause);
      if (code >= floor && code < floor + 100) {
        return OptionalInt.of(code);
      }
    }
    return OptionalInt.empty();
  }

  private static int replyCode(Throwable cause) {
    if (cause instanceof SMTPAddressFailedException failed) {
      return failed.getReturnCode();
    } else if (cause instanceof SMTPSenderFailedException failed) {
      return failed.getReturnCode();
    } else if (cause instanceof SMTPSendFailedException failed) {
      return failed.getReturnCode();
    }
    return -1;
  }

  private static boolean isTlsProblem(List<Throwable> chain) {
    for (Throwable cause : chain) {
      if (cause instanceof SSLException || cause instanceof GeneralSecurityException) {
        return true;
      }
      String message = cause.getMessage() == null ? "" : cause.getMessage();
      // Angus's words when mail.smtp.starttls.required is set and the server offers no STARTTLS.
      if (message.toLowerCase(Locale.ROOT).contains("starttls is required")) {
        return true;
      }
    }
    return false;
  }

  private static String summary(MessagingException error) {
    String message =
        error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
    return NotificationText.oneLine(message, 300);
  }
}
