package io.helpdesk.app.api;

import io.helpdesk.app.db.ApiTokenStore;
import java.time.Instant;

/**
 * A personal API token (v1). {@code token} is the secret itself, present only in the answer to its
 * creation.
 */
public record TokenView(
    String id, String name, Instant createdAt, Instant lastUsedAt, boolean revoked, String token) {
  public static TokenView of(ApiTokenStore.ApiToken token) {
    return new TokenView(
        token.id().toString(),
        token.name(),
        token.createdAt(),
        token.lastUsedAt().orElse(null),
        token.revokedAt().isPresent(),
        null);
  }

  public static TokenView created(ApiTokenStore.NewToken created) {
    ApiTokenStore.ApiToken token = created.token();
    return new TokenView(
        token.id().toString(), token.name(), token.createdAt(), null, false, created.secret());
  }
}
