package io.helpdesk.app.db;

import io.helpdesk.core.model.MemberId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** Server-side sessions. The cookie holds a random id; the table holds only its hash. */
public final class SessionStore {
  private final DataSource dataSource;

  public SessionStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** A stored session (without the cookie value, which is never stored). */
  public record Session(
      String idHash,
      MemberId memberId,
      String csrfToken,
      Instant createdAt,
      Instant lastSeenAt,
      Instant expiresAt) {}

  /** A new session and the cookie value that names it. */
  public record NewSession(String cookieValue, Session session) {}

  public NewSession create(MemberId memberId, Instant now, Instant expiresAt) {
    String cookieValue = Secrets.newSecret();
    Session session =
        new Session(Secrets.hash(cookieValue), memberId, Secrets.newSecret(), now, now, expiresAt);
    try (Connection connection = AppDatabase.connect(dataSource);
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO sessions (id_hash, member_id, csrf_token, created_at, last_seen_at,"
                    + " expires_at) VALUES (?, ?, ?, ?, ?, ?)")) {
      insert.setString(1, session.idHash());
      insert.setObject(2, memberId.value());
      insert.setString(3, session.csrfToken());
      insert.setObject(4, time(now));
      insert.setObject(5, time(now));
      insert.setObject(6, time(expiresAt));
      insert.executeUpdate();
    } catch (SQLException e) {
      throw AppDatabase.failure(e);
    }
    return new NewSession(cookieValue, session);
  }

  public Optional<Session> find(String cookieValue) {
    try (Connection connection = AppDatabase.connect(dataSource);
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT id_hash, member_id, csrf_token, created_at, last_seen_at, expires_at"
                    + " FROM sessions WHERE id_hash = ?")) {
      select.setString(1, Secrets.hash(cookieValue));
      try (ResultSet row = select.executeQuery()) {
        if (!row.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new Session(
                row.getString(1),
                new MemberId(row.getObject(2, UUID.class)),
                row.getString(3),
                instant(row, 4),
                instant(row, 5),
                instant(row, 6)));
      }
    } catch (SQLException e) {
      throw AppDatabase.failure(e);
    }
  }

  public void touch(String idHash, Instant now) {
    update("UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?", time(now), idHash);
  }

  public void delete(String idHash) {
    update("DELETE FROM sessions WHERE id_hash = ?", idHash);
  }

  /** Deletes sessions past their absolute timeout or idle since before {@code idleBefore}. */
  public int deleteExpired(Instant now, Instant idleBefore) {
    return update(
        "DELETE FROM sessions WHERE expires_at <= ? OR last_seen_at <= ?",
        time(now),
        time(idleBefore));
  }

  private int update(String sql, Object... parameters) {
    try (Connection connection = AppDatabase.connect(dataSource);
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      return statement.executeUpdate();
    } catch (SQLException e) {
      throw AppDatabase.failure(e);
    }
  }

  static OffsetDateTime time(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }

  static Instant instant(ResultSet row, int column) throws SQLException {
    OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }
}
