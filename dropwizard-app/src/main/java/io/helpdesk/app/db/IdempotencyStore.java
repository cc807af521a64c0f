package io.helpdesk.app.db;

import io.helpdesk.core.model.MemberId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;

/**
 * {@code Idempotency-Key}s of creating requests, per member, kept for {@link #RETENTION}. The first
 * request claims the key (with a hash of its body), runs, and records its response; a retry with
 * the same body gets that response again.
 */
public final class IdempotencyStore {
  public static final Duration RETENTION = Duration.ofHours(24);

  /**
   * A claim without a response for this long belongs to a request that died (the server crashed or
   * lost its database between claim and response): a retry may take it over.
   */
  public static final Duration STALE_CLAIM = Duration.ofSeconds(30);

  private static final String UNIQUE_VIOLATION = "23505";

  private final DataSource dataSource;

  public IdempotencyStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** What a request with a key should do. */
  public sealed interface Claim {
    /** The key is new: run the request, then {@link #complete} or {@link #release}. */
    record Claimed() implements Claim {}

    /** The key was used with the same body: answer with the first response. */
    record Replay(int status, String body) implements Claim {}

    /** The key was used with another body. */
    record Mismatch() implements Claim {}

    /** The first request with this key is still running. */
    record InProgress() implements Claim {}

    /**
     * The first request with this key claimed it {@link #STALE_CLAIM} ago or more and never
     * answered; this request has taken the claim over. Its ticket may or may not have been written:
     * create it so that a second attempt cannot file it twice (the ticket resource derives the
     * ticket's id from the member and the key).
     */
    record TakenOver(Instant firstClaimedAt) implements Claim {}
  }

  public Claim claim(MemberId memberId, String key, String requestHash, Instant now) {
    try (Connection connection = AppDatabase.connect(dataSource)) {
      if (tryInsert(connection, memberId, key, requestHash, now)) {
        return new Claim.Claimed();
      }
      try (PreparedStatement select =
          connection.prepareStatement(
              "SELECT request_hash, status_code, response_body, created_at FROM idempotency_keys"
                  + " WHERE member_id = ? AND idem_key = ?")) {
        select.setObject(1, memberId.value());
        select.setString(2, key);
        try (ResultSet row = select.executeQuery()) {
          if (!row.next()) {
            // Released between our insert and select: try once more.
            return tryInsert(connection, memberId, key, requestHash, now)
                ? new Claim.Claimed()
                : new Claim.InProgress();
          }
          Instant createdAt = SessionStore.instant(row, 4);
          if (createdAt.plus(RETENTION).isBefore(now)) {
            delete(connection, memberId, key);
            return tryInsert(connection, memberId, key, requestHash, now)
                ? new Claim.Claimed()
                : new Claim.InProgress();
          }
          if (!row.getString(1).equals(requestHash)) {
            return new Claim.Mismatch();
          }
          int status = row.getInt(2);
          if (row.wasNull()) {
            if (createdAt.plus(STALE_CLAIM).isAfter(now)) {
              return new Claim.InProgress();
            }
            return takeOver(connection, memberId, key, createdAt, now)
                ? new Claim.TakenOver(createdAt)
                : new Claim.InProgress();
          }
          return new Claim.Replay(status, row.getString(3));
        }
      }
    } catch (SQLException e) {
      throw AppDatabase.failure(e);
    }
  }

  public void complete(MemberId memberId, String key, int status, String body) {
    try (Connection connection = AppDatabase.connect(dataSource);
        PreparedStatement update =
            connection.prepareStatement(
                "UPDATE idempotency_keys SET status_code = ?, response_body = ?"
                    + " WHERE member_id = ? AND idem_key = ?")) {
      update.setInt(1, status);
      update.setString(2, body);
      update.setObject(3, memberId.value());
      update.setString(4, key);
      update.executeUpdate();
    } catch (SQLException e) {
      throw AppDatabase.failure(e);
    }
  }

  /** Frees the key after the request failed, so a corrected retry can use it. */
  public void release(MemberId memberId, String key) {
    try (Connection connection = AppDatabase.connect(dataSource)) {
      delete(connection, memberId, key);
    } catch (SQLException e) {
      throw AppDatabase.failure(e);
    }
  }

  public int deleteOlderThan(Instant cutoff) {
    try (Connection connection = AppDatabase.connect(dataSource);
        PreparedStatement delete =
            connection.prepareStatement("DELETE FROM idempotency_keys WHERE created_at < ?")) {
      delete.setObject(1, SessionStore.time(cutoff));
      return delete.executeUpdate();
    } catch (SQLException e) {
      throw AppDatabase.failure(e);
    }
  }

  private static boolean tryInsert(
      Connection connection, MemberId memberId, String key, String requestHash, Instant now)
      throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO idempotency_keys (member_id, idem_key, request_hash, created_at)"
                + " VALUES (?, ?, ?, ?)")) {
      insert.setObject(1, memberId.value());
      insert.setString(2, key);
      insert.setString(3, requestHash);
      insert.setObject(4, SessionStore.time(now));
      insert.executeUpdate();
      return true;
    } catch (SQLException e) {
      if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
        return false;
      }
      throw e;
    }
  }

  /** Moves a stale claim's time to now, unless another retry took it over first. */
  private static boolean takeOver(
      Connection connection, MemberId memberId, String key, Instant claimedAt, Instant now)
      throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE idempotency_keys SET created_at = ? WHERE member_id = ? AND idem_key = ?"
                + " AND status_code IS NULL AND created_at = ?")) {
      update.setObject(1, SessionStore.time(now));
      update.setObject(2, memberId.value());
      update.setString(3, key);
      update.setObject(4, SessionStore.time(claimedAt));
      return update.executeUpdate() == 1;
    }
  }

  private static void delete(Connection connection, MemberId memberId, String key)
      throws SQLException {
    try (PreparedStatement delete =
        connection.prepareStatement(
            "DELETE FROM idempotency_keys WHERE member_id = ? AND idem_key = ?")) {
      delete.setObject(1, memberId.value());
      delete.setString(2, key);
      delete.executeUpdate();
    }
  }
}
