package io.helpdesk.core.spi;

import io.helpdesk.core.NotificationFailedException;

/**
 * Delivers notifications (email, chat, webhook, a dev mailbox).
 *
 * <h2>Contract</h2>
 *
 * <ul>
 *   <li><b>Thread-safety:</b> safe for concurrent calls.
 *   <li><b>At least once:</b> the engine calls {@link #send} from a durable job and may call it
 *       again with the same {@link Notification#idempotencyKey()} after a crash. Implementations
 *       should pass the key on (an email Message-ID, an idempotency header) so the receiving side
 *       can drop the duplicate; they need not remember keys themselves.
 *   <li><b>Failures:</b> throw {@link NotificationFailedException} and nothing else (wrap vendor
 *       exceptions; the testkit's contract checks this): retryable for transient causes (connection
 *       refused, timeouts, temporary rejections), permanent when delivery can never succeed
 *       (unknown recipient, bad credentials). The engine retries with backoff and dead-letters
 *       after the last try, or at once on a permanent failure; defensively it treats any other
 *       exception as retryable.
 *   <li><b>Untrusted text:</b> ticket text and AI notes in a notification are untrusted: escape
 *       them for the medium and keep them out of headers.
 *   <li><b>Time:</b> a call must return or fail within the notifier's own timeouts.
 * </ul>
 *
 * @since 0.1
 */
public interface Notifier {

  void send(Notification notification);
}
