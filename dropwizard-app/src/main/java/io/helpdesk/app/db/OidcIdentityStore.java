package io.helpdesk.app.db;

import io.helpdesk.core.model.MemberId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Links between provider accounts ({@code iss}, {@code sub}) and members: at most one account per
 * member and provider, and one member per account. Emails can move between accounts at a provider;
 * {@code sub} never does.
 */
public final class OidcIdentityStore {
  private static final String UNIQUE_VIOLATION = "23505";

  private final DataSource dataSource;

  /** A store over the server's database (migration {@code V2__oidc_sign_ins}). */
  public OidcIdentityStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** The member this provider account signs in as, if it has signed in before. */
  public Optional<MemberId> memberFor(String issuer, String subject) {
    return select(
            "SELECT member_id FROM oidc_identities WHERE issuer = ? AND subject = ?",
            issuer,
            subject)
        .map(value -> new MemberId(UUID.fromString(value)));
  }

  /** The account of this provider that the member is linked to, if any. */
  public Optional<String> subjectOf(String issuer, MemberId memberId) {
    return select(
        "SELECT subject FROM oidc_identities WHERE issuer = ? AND member_id = ?",
        issuer,
        memberId.value());
  }

  /**
   * Links the account to the member.
   *
   * @return false when the account or the member is already linked (another request won a race)
   */
  public boolean link(String issuer, String subject, MemberId memberId, Instant now) {
    try (Connection connection = AppDatabase.connect(dataSource);
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO oidc_identities (issuer, subject, member_id, created_at)"
                    + " VALUES (?, ?, ?, ?)")) {
      insert.setString(1, issuer);
      insert.setString(2, subject);
      insert.setObject(3, memberId.value());
      insert.setObject(4, SessionStore.time(now));
      insert.executeUpdate();
      return true;
    } catch (SQLException e) {
      if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
        return false;
      }
      throw AppDatabase.failure(e);
    }
  }

  private Optional<String> select(String sql, Object... parameters) {
    try (Connection connection = AppDatabase.connect(dataSource);
        PreparedStatement select = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        select.setObject(i + 1, parameters[i]);
      }
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw AppDatabase.failure(e);
    }
  }
}
