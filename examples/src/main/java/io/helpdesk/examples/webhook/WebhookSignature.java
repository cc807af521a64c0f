package io.helpdesk.examples.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How a {@link WebhookNotifier} signs its requests, and how a receiver checks them.
 *
 * <h2>The scheme</h2>
 *
 * <ul>
 *   <li>{@value #TIMESTAMP_HEADER}: the sending time in Unix seconds, for example {@code
 *       1767603600}.
 *   <li>{@value #SIGNATURE_HEADER}: {@code v1=} followed by the lower-case hex HMAC-SHA256, keyed
 *       with the shared secret (its UTF-8 bytes), of the timestamp, a full stop, and the raw
 *       request body: {@code HMAC(secret, "1767603600." + body)}.
 * </ul>
 *
 * Signing the timestamp with the body defeats replay: a receiver rejects requests whose timestamp
 * is further than a tolerance (five minutes is usual) from its own clock, and an attacker cannot
 * move the timestamp without the secret. Within the tolerance a captured request can still be
 * replayed; the {@code Idempotency-Key} header (the same for every retry of one notification) lets
 * the receiver drop it like any other duplicate. Receivers must compare signatures in constant time
 * and compute them over the bytes received, before parsing the JSON. Several comma-separated {@code
 * v1=} values are accepted, so a secret can be rotated by signing with both for a while.
 */
public final class WebhookSignature {
  /** The header carrying the signature. */
  public static final String SIGNATURE_HEADER = "Helpdesk-Signature";

  /** The header carrying the signed Unix time in seconds. */
  public static final String TIMESTAMP_HEADER = "Helpdesk-Timestamp";

  /** The scheme's version prefix in {@value #SIGNATURE_HEADER}. */
  public static final String VERSION = "v1=";

  private static final String ALGORITHM = "HmacSHA256";

  private WebhookSignature() {}

  /**
   * The value of {@value #SIGNATURE_HEADER} for a request.
   *
   * @param secret the shared secret
   * @param timestampSeconds the value of {@value #TIMESTAMP_HEADER}
   * @param body the exact request body
   * @return {@code v1=<64 hex digits>}
   */
  public static String sign(String secret, long timestampSeconds, byte[] body) {
    return VERSION + HexFormat.of().formatHex(mac(secret, Long.toString(timestampSeconds), body));
  }

  /**
   * Checks a received request: the timestamp is a number within {@code tolerance} of {@code now},
   * and one of the {@code v1=} signatures matches the body.
   *
   * @param secret the shared secret
   * @param timestampHeader the received {@value #TIMESTAMP_HEADER}, may be null
   * @param signatureHeader the received {@value #SIGNATURE_HEADER}, may be null
   * @param body the raw body as received
   * @param now the receiver's clock
   * @param tolerance how far the timestamp may be from {@code now}, either way
   * @return true when the request is authentic and fresh
   */
  public static boolean verify(
      String secret,
      String timestampHeader,
      String signatureHeader,
      byte[] body,
      Instant now,
      Duration tolerance) {
    if (timestampHeader == null || signatureHeader == null) {
      return false;
    }
    long timestamp;
    try {
      timestamp = Long.parseLong(timestampHeader.trim());
    } catch (NumberFormatException e) {
      return false;
    }
    if (Math.abs(now.getEpochSecond() - timestamp) > tolerance.toSeconds()) {
      return false;
    }
    byte[] expected = mac(secret, Long.toString(timestamp), body);
    for (String candidate : signatureHeader.split(",")) {
      String value = candidate.trim();
      if (!value.startsWith(VERSION)) {
        continue;
      }
      byte[] given;
      try {
        given = HexFormat.of().parseHex(value.substring(VERSION.length()));
      } catch (IllegalArgumentException e) {
        continue;
      }
      if (MessageDigest.isEqual(expected, given)) {
        return true;
      }
    }
    return false;
  }

  private static byte[] mac(String secret, String timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
      mac.update(timestamp.getBytes(StandardCharsets.US_ASCII));
      mac.update((byte) '.');
      return mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
