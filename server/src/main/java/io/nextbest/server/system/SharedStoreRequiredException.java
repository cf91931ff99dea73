package io.nextbest.server.system;

/**
 * The server was configured to join a cluster while storing contexts in a file of its
 * own: each member would write its own file and a restart would lose what the other
 * members owned, so it refuses to start.
 */
final class SharedStoreRequiredException extends IllegalStateException {

	SharedStoreRequiredException() {
		super("A cluster needs a shared durable store: this configuration joins other members but stores "
				+ "contexts in a file of its own (the embedded H2 database). Set NBA_STORE_URL to a PostgreSQL "
				+ "database shared by all members, or run a single node.");
	}

}
