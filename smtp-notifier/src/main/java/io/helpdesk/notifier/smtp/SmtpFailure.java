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
import java.util.Optional;
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
  /** "Service not available, closing transmission channel" (RFC 5321). */
  private static final int SERVICE_CLOSING = 421;

  enum Kind {
    /** The server rejected the credentials. */
    AUTHENTICATION(false),
    /** A permanent 5xx reply (unknown recipient, message refused). */
    REJECTED(false),
    /** A transient 4xx reply (mailbox busy, greylisting, too many connections). */
    DEFERRED(true),
    /** TLS could not be set up: no STARTTLS offered, handshake or certificate failure. */
    TLS(false),
    /** Connection refused, unknown host, timeouts, broken connections, a server that hung up. */
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

  /** The connection is gone: it broke, or the server said it is closing it ({@code 421}). */
  boolean connectionLost() {
    return kind == Kind.CONNECTION || replyCode.equals(OptionalInt.of(SERVICE_CLOSING));
  }

  static SmtpFailure classify(MessagingException error) {
    List<Throwable> chain = chain(error);
    String summary = summary(error);
    if (chain.stream().anyMatch(AuthenticationFailedException.class::isInstance)) {
      return new SmtpFailure(Kind.AUTHENTICATION, OptionalInt.empty(), summary);
    }
    Optional<Throwable> permanent = withReplyCode(chain, 500);
    if (permanent.isPresent()) {
      return replied(Kind.REJECTED, permanent.get(), summary);
    }
    Optional<Throwable> deferred = withReplyCode(chain, 400);
    if (deferred.isPresent()) {
      return replied(Kind.DEFERRED, deferred.get(), summary);
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
                hungUp(cause)
                    || cause instanceof ConnectException
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

  /**
   * The first exception in the chain carrying an SMTP reply code in {@code [floor, floor + 99]}.
   */
  private static Optional<Throwable> withReplyCode(List<Throwable> chain, int floor) {
    return chain.stream()
        .filter(cause -> replyCode(cause) >= floor && replyCode(cause) < floor + 100)
        .findFirst();
  }

  /** Names the server's own reply ("550 5.1.1 no such user"), not Angus's "Invalid Addresses". */
  private static SmtpFailure replied(Kind kind, Throwable reply, String summary) {
    String text =
        reply.getMessage() == null ? summary : NotificationText.oneLine(reply.getMessage(), 300);
    return new SmtpFailure(kind, OptionalInt.of(replyCode(reply)), text);
  }

  /** Angus reports a server that closed the connection instead of replying as reply code -1. */
  private static boolean hungUp(Throwable cause) {
    boolean smtpReply =
        cause instanceof SMTPSendFailedException
            || cause instanceof SMTPSenderFailedException
            || cause instanceof SMTPAddressFailedException;
    return smtpReply && replyCode(cause) == -1;
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
