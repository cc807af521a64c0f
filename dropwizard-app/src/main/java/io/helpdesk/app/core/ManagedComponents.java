package io.helpdesk.app.core;

import io.dropwizard.lifecycle.Managed;

/**
 * Ties the engine's workers to the server's lifecycle: they start with the server and drain (up to
 * the engine's shutdown timeout) when it stops; then the store and the pool close.
 */
public final class ManagedComponents implements Managed {
  private final Components components;

  public ManagedComponents(Components components) {
    this.components = components;
  }

  @Override
  public void start() {
    components.engine().start();
  }

  @Override
  public void stop() {
    components.close();
  }
}
