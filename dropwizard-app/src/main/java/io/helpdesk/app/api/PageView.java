package io.helpdesk.app.api;

import java.util.List;

/** One page of a list (v1); {@code nextCursor} is {@code null} on the last page. */
public record PageView<T>(List<T> items, String nextCursor) {}
