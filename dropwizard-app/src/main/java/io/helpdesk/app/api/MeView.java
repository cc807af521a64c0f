package io.helpdesk.app.api;

/**
 * The caller (v1). {@code csrfToken} is the session's CSRF token, to send back in {@code
 * X-CSRF-Token} on state-changing requests; {@code null} for bearer-token callers, who need none.
 */
public record MeView(MemberView member, String authenticatedBy, String csrfToken) {}
