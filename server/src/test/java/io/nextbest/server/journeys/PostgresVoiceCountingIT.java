package io.nextbest.server.journeys;

import io.nextbest.server.context.TestPostgres;

/**
 * The voice of the customer counts on PostgreSQL, the production and cluster store (a
 * schema of its own per test).
 */
class PostgresVoiceCountingIT extends VoiceCountingContract {

	@Override
	String freshDatabase() {
		return TestPostgres.freshSchema();
	}

	@Override
	String vendor() {
		return "postgresql";
	}

}
