package io.helpdesk.core.spi;

/** Work to run in a store transaction. */
@FunctionalInterface
public interface TransactionWork<T> {
  T run(StoreTransaction tx);
}
