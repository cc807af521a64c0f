package io.helpdesk.app.health;

import com.codahale.metrics.health.HealthCheck;
import com.nimbusds.oauth2.sdk.GeneralException;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import io.helpdesk.app.auth.oidc.OidcConfig;
import java.io.IOException;

/**
 * The OIDC provider's discovery document is reachable and names the configured issuer. Fetched
 * afresh on every check (the client caches its copy for good), with the configured timeouts.
 */
public final class OidcHealthCheck extends HealthCheck {
  private final OidcConfig config;

  /** A check of this provider. */
  public OidcHealthCheck(OidcConfig config) {
    this.config = config;
  }

  @Override
  protected Result check() {
    try {
      OIDCProviderMetadata metadata =
          OIDCProviderMetadata.resolve(
              new Issuer(config.issuer().toString()),
              (int) config.connectTimeout().toMillis(),
              (int) config.readTimeout().toMillis());
      return Result.healthy("discovery of " + metadata.getIssuer() + " reachable");
    } catch (GeneralException | IOException e) {
      return Result.unhealthy(
          "discovery of " + config.issuer() + " failed: " + e.getClass().getSimpleName());
    }
  }
}
