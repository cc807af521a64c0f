package io.helpdesk.app.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Pending OpenID Connect sign-ins, between {@code /oidc/start} and {@code /oidc/callback}. A record
 * is found by its state and is valid only for the browser holding the cookie whose hash it keeps;
 * {@link #take} deletes it, so each one completes at most one sign-in.
 */
public final class OidcSignInStore {
  private final DataSource dataSource;

  /** A store over the server's database (migration {@code V2__oidc_sign_ins}). */
  public OidcSignInStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * One pending sign-in. {@link #toString()} hides the nonce and the code verifier.
   *
   * @param stateHash SHA-256 of the state sent to the provider
   * @param bindingHash SHA-256 of the browser's sign-in cookie
   * @param nonce the nonce the ID token must carry
   * @param codeVerifier the PKCE code verifier
   * @param returnTo the local path to go back to after sign-in
   * @param expiresAt when the sign-in stops being usable
   */
  public record Pending(
      String stateHash,
      String bindingHash,
      String nonce,
      String codeVerifier,
      String returnTo,
      Instant expiresAt) {
    @Override
    public String toString() {
      return "Pending[returnTo=" + returnTo + ", expiresAt=" + expiresAt + "]";
    }
  }

  /** Stores a pending sign-in, first dropping the expired ones (the table stays small). */
  public void save(Pending pending, Instant now) {
    deleteExpired(now);
    try (Connection connection = AppDatabase.connect(dataSource);
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO oidc_sign_ins (state_hash, binding_hash, nonce, code_verifier,"
                    + " return_to, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      insert.setString(1, pending.stateHash());
      insert.setString(2, pending.bindingHash());
      insert.setString(3, pending.nonce());
      insert.setString(4, pending.codeVerifier());
      insert.setString(5, pending.returnTo());
      insert.setObject(6, SessionStore.time(now));
      insert.setObject(7, SessionStore.time(pending.expiresAt()));
      insert.executeUpdate();
    } catch (SQLException e) {
      throw AppDatabase.failure(e);
    }
  }

  /**
   * Takes the pending sign-in with this state, when the browser's cookie matches it: reads and
   * deletes it, so a second callback with the same state finds nothing. A record whose cookie does
   * not match is left alone (a third party that knows the state cannot burn it).
   *
   * @param state the callback's {@code state}
   * @param bindingCookie the value of the browser's sign-in cookie
   * @return the record, also when it has expired (the caller checks {@link Pending#expiresAt()})
   */
  public Optional<Pending> take(String state, String bindingCookie) {
    String stateHash = Secrets.hash(state);
    Optional<Pending> found = find(stateHash);
    if (found.isEmpty()
        || !Secrets.constantTimeEquals(found.get().bindingHash(), Secrets.hash(bindingCookie))) {
      return Optional.empty();
    }
    int deleted = update("DELETE FROM oidc_sign_ins WHERE state_hash = ?", stateHash);
    // Two callbacks racing with the same state: only the one that deleted the row goes on.
    return deleted == 1 ? found : Optional.empty();
  }

  /** Deletes the pending sign-ins that have expired. */
  public int deleteExpired(Instant now) {
    return update("DELETE FROM oidc_sign_ins WHERE expires_at <= ?", SessionStore.time(now));
  }

  private Optional<Pending> find(String stateHash) {
    try (Connection connection = AppDatabase.connect(dataSource);
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT state_hash, binding_hash, nonce, code_verifier, return_to, expires_at"
                    + " FROM oidc_sign_ins WHERE state_hash = ?")) {
      select.setString(1, stateHash);
      try (ResultSet row = select.executeQuery()) {
        if (!row.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new Pending(
                row.getString(1),
                row.getString(2),
                row.getString(3),
                row.getString(4),
                row.getString(5),
                SessionStore.instant(row, 6)));
      }
    } catch (SQLException e) {
      throw AppDatabase.failure(e);
    }
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
}
