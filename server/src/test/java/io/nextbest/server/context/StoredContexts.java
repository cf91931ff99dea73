package io.nextbest.server.context;

import java.util.Collection;
import java.util.List;

import javax.sql.DataSource;

import io.nextbest.engine.context.CustomerContext;

/** Writes contexts straight into a migrated store, for tests of what reads it. */
public final class StoredContexts {

	private StoredContexts() {
	}

	/**
	 * @param dataSource a migrated database
	 * @param contexts the contexts to store, in one transaction
	 */
	public static void write(DataSource dataSource, Collection<CustomerContext> contexts) {
		new ContextTable(dataSource).commit(contexts.stream().map(StoredContext::of).toList(), List.of());
	}

}
