/**
 * The in-memory {@link io.helpdesk.core.spi.TicketStore}: the reference adapter of the store port,
 * used for embedding without a database, in tests and in examples. It passes the testkit's {@code
 * TicketStoreContractTest}, like every other store.
 */
package io.helpdesk.core.store;
