package io.helpdesk.app.api;

/**
 * The ways to sign in to this server (v1), for a web UI to show "Sign in with Google" or the demo
 * picker.
 *
 * @param oidc OpenID Connect sign-in, {@code null} when not configured
 * @param devSignIn dev sign-in, {@code null} when off
 */
public record SignInMethodsView(Oidc oidc, DevSignIn devSignIn) {

  /**
   * OpenID Connect sign-in: send the browser to {@code startUrl?returnTo=/a/local/path}.
   *
   * @param providerName the provider's name for the button ("Google")
   * @param startUrl the path that starts the sign-in
   */
  public record Oidc(String providerName, String startUrl) {}

  /**
   * Dev sign-in: list the demo members, then post one's email.
   *
   * @param membersUrl the path listing the demo members
   * @param signInUrl the path to post {@code {"email": ...}} to
   */
  public record DevSignIn(String membersUrl, String signInUrl) {}
}
