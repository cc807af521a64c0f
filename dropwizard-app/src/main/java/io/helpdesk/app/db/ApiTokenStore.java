package io.helpdesk.app.db;

import io.helpdesk.core.model.MemberId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Personal API tokens. The token is shown once, at creation; the table keeps its SHA-256 only, so a
 * copy of the database lets no one in.
 */
public final class ApiTokenStore {
  /** Tokens start with this, so secret scanners and people recognise them. */
  public static final String PREFIX = "hdk_";

  private final DataSource dataSource;

  public ApiTokenStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** A token's metadata. */
  public record ApiToken(
      UUID id,
      MemberId memberId,
      String name,
      Instant createdAt,
      Optional<Instant> lastUsedAt,
      Optional<Instant> revokedAt) {}

  /** A new token and its secret, which is returned once and never stored. */
  public record NewToken(ApiToken token, String secret) {}

  public NewToken create(MemberId memberId, String name, Instant now) {
    String secret = PREFIX + Secrets.newSecret();
    ApiToken token =
        new ApiToken(UUID.randomUUID(), memberId, name, now, Optional.empty(), Optional.empty());
    try (Connection connection = AppDatabase.connect(dataSource);
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO api_tokens (id, member_id, name, token_hash, created_at)"
                    + " VALUES (?, ?, ?, ?, ?)")) {
      insert.setObject(1, token.id());
      insert.setObject(2, memberId.value());
      insert.setString(3, name);
      insert.setString(4, Secrets.hash(secret));
      insert.setObject(5, SessionStore.time(now));
      insert.executeUpdate();
    } catch (SQLException e) {
      throw AppDatabase.failure(e);
    }
    return new NewToken(token, secret);
  }

  public List<ApiToken> list(MemberId memberId) {
    List<ApiToken> tokens = new ArrayList<>();
    try (Connection connection = AppDatabase.connect(dataSource);
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT id, member_id, name, created_at, last_used_at, revoked_at FROM api_tokens"
                    + " WHERE member_id = ? ORDER BY created_at, id")) {
      select.setObject(1, memberId.value());
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          tokens.add(read(row));
        }
      }
    } catch (SQLException e) {
      throw AppDatabase.failure(e);
    }
    return tokens;
  }

  /** The active (not revoked) token with this secret. */
  public Optional<ApiToken> findActive(String secret) {
    try (Connection connection = AppDatabase.connect(dataSource);
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT id, member_id, name, created_at, last_used_at, revoked_at FROM api_tokens"
                    + " WHERE token_hash = ? AND revoked_at IS NULL")) {
      select.setString(1, Secrets.hash(secret));
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? Optional.of(read(row)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw AppDatabase.failure(e);
    }
  }

  public void touch(UUID id, Instant now) {
    try (Connection connection = AppDatabase.connect(dataSource);
        PreparedStatement update =
            connection.prepareStatement("UPDATE api_tokens SET last_used_at = ? WHERE id = ?")) {
      update.setObject(1, SessionStore.time(now));
      update.setObject(2, id);
      update.executeUpdate();
    } catch (SQLException e) {
      throw AppDatabase.failure(e);
    }
  }

  /** Revokes one of the member's own tokens; false when they have no such active token. */
  public boolean revoke(MemberId memberId, UUID id, Instant now) {
    try (Connection connection = AppDatabase.connect(dataSource);
        PreparedStatement update =
            connection.prepareStatement(
                "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND member_id = ?"
                    + " AND revoked_at IS NULL")) {
      update.setObject(1, SessionStore.time(now));
      update.setObject(2, id);
      update.setObject(3, memberId.value());
      return update.executeUpdate() == 1;
    } catch (SQLException e) {
      throw AppDatabase.failure(e);
    }
  }

  private static ApiToken read(ResultSet row) throws SQLException {
    return new ApiToken(
        row.getObject(1, UUID.class),
        new MemberId(row.getObject(2, UUID.class)),
        row.getString(3),
        SessionStore.instant(row, 4),
        Optional.ofNullable(SessionStore.instant(row, 5)),
        Optional.ofNullable(SessionStore.instant(row, 6)));
  }
}
