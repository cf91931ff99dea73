package io.nextbest.server.context;

/**
 * The durable store contract on PostgreSQL, the production and cluster store (a schema of
 * its own per test).
 */
class PostgresDurableContextStoreIT extends DurableContextStoreContract {

	@Override
	String freshDatabase() {
		return TestPostgres.freshSchema();
	}

	@Override
	boolean sharedStore() {
		return true;
	}

	@Override
	String vendor() {
		return "postgresql";
	}

}
